import { HttpException, Injectable } from '@nestjs/common';
import type { Caller, Message } from '@digit/contracts';
import { ServiceClient } from '../http/service-client.js';

/** One part of a page: the service's answer, or why the page shows none (the person's role, a service down). */
export type Section<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not_found' | 'unavailable' | 'refused'; readonly message: string };

const refusalOf = (error: unknown): Section<never> => {
  const status = error instanceof HttpException ? error.getStatus() : 500;
  const body = error instanceof HttpException ? (error.getResponse() as { message?: unknown }) : {};
  const said = typeof body.message === 'string' ? body.message : undefined;
  if (status === 401 || status === 403) return { ok: false, reason: 'forbidden', message: 'Votre rôle ne donne pas accès à cette rubrique.' };
  if (status === 404) return { ok: false, reason: 'not_found', message: said ?? 'Rien à cette date.' };
  if (status >= 500) return { ok: false, reason: 'unavailable', message: 'Le service concerné ne répond pas ; réessayez dans un instant.' };
  return { ok: false, reason: 'refused', message: said ?? 'Le service a refusé la demande.' };
};

/** Every section's value, or the first reason one has none (a page part made of several calls). */
export const allOf = <T>(sections: readonly Section<T>[]): Section<T[]> => {
  const failed = sections.find((section) => !section.ok);
  return failed && !failed.ok ? failed : { ok: true, value: sections.flatMap((section) => (section.ok ? [section.value] : [])) };
};

/** What `knownAt` answers until the auditors' replay serves the dashboard (issue 14). */
export const KNOWN_AT_NOT_YET = 'Vue « connu le » pas encore disponible : elle montrera ce que le système savait à cet instant, par le rejeu de l’historique des auditeurs.';

/**
 * How the pages read the services: the catalogue's messages sent as the signed-in person, so each
 * service applies its own policy (R-SEC-2); a refusal or a service down becomes a section the page
 * explains instead of failing whole.
 */
@Injectable()
export class DashboardServices {
  constructor(private readonly services: ServiceClient) {}

  async read<Request extends object, Reply>(message: Message<Request, Reply>, request: Request | Record<string, unknown>, caller: Caller): Promise<Section<Reply>> {
    try {
      return { ok: true, value: await this.services.send(message, request, caller) };
    } catch (error) {
      return refusalOf(error);
    }
  }

  /**
   * The "connu le" hook (`?knownAt=`): what the system knew at `knownAt`, rebuilt from the history
   * alone by the auditors' replay code path (issue 14), which does not serve the dashboard yet.
   */
  async replayAsKnownAt(knownAt: string): Promise<Section<never>> {
    return { ok: false, reason: 'unavailable', message: `${KNOWN_AT_NOT_YET} (demandé : ${knownAt.replace('T', ' ')})` };
  }
}
