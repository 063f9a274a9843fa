import { conventionsMessages, isInsee, serviceCaller, type Insee } from '@digit/contracts';
import { QueryFailure, sendMessage, type Bus } from '@digit/messaging';
import { noticeRecipients } from './domain/index.js';

/**
 * The towns whose convention is in force on `today`, asked of the conventions service
 * (`digit.query.conventions.towns`) when a notice is announced, rather than kept in a read model
 * fed by `digit.events.conventions.>`: whether a convention is in force on a day depends on that
 * day as much as on the events (a notice takes effect, the last renewal runs out, with no new
 * event), and that reckoning belongs to the conventions domain. Asking its owner keeps one source
 * of truth; the recipients are then recorded in `MaintenanceAnnounced`, so history shows who was
 * warned. Without an answer nothing is announced (503): a notice missing a town would break R-SUP-4.
 */
export const townsInForce = async (bus: Bus, today: string, timeoutMs: number): Promise<readonly Insee[]> => {
  let reply;
  try {
    reply = await sendMessage(bus, conventionsMessages.towns, { today }, serviceCaller('support'), timeoutMs);
  } catch {
    reply = null;
  }
  if (reply === null || !reply.ok) {
    throw new QueryFailure(503, {
      error: 'conventions_unavailable',
      message: "Le service des conventions ne répond pas : impossible de savoir quelles villes prévenir. Réessayez dans un instant ; rien n'a été annoncé.",
      details: [],
    });
  }
  return noticeRecipients(
    reply.value.flatMap(({ insee, status }) => (isInsee(insee) && status !== null ? [{ insee, status }] : [])),
  );
};
