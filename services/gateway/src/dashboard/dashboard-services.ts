import { HttpException, Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { formatDateFr } from '@digit/calendar';
import type { Caller, Message } from '@digit/contracts';
import type { Bus } from '@digit/messaging';
import { ServiceClient } from '../http/service-client.js';
import { knownAtInstant, mayAskKnownAt, type PageQuery } from './dashboard-page.js';
import { KNOWN_AT_LIMITS, KnownAtReplays, type KnownAtState } from './known-at/known-at-replays.js';

/** One part of a page: the service's answer, or why the page shows none (the person's role, a service down). */
export type Section<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'forbidden' | 'not_found' | 'unavailable' | 'refused'; readonly message: string };

const refusalOf = (error: unknown): Section<never> => {
  const status = error instanceof HttpException ? error.getStatus() : 500;
  const body = error instanceof HttpException ? (error.getResponse() as { message?: unknown }) : {};
  const said = typeof body.message === 'string' ? body.message : undefined;
  if (status === 401 || status === 403)
    return { ok: false, reason: 'forbidden', message: 'Votre rôle ne donne pas accès à cette rubrique.' };
  if (status === 404) return { ok: false, reason: 'not_found', message: said ?? 'Rien à cette date.' };
  if (status >= 500) return { ok: false, reason: 'unavailable', message: 'Le service concerné ne répond pas ; réessayez dans un instant.' };
  return { ok: false, reason: 'refused', message: said ?? 'Le service a refusé la demande.' };
};

/** Every section's value, or the first reason one has none (a page part made of several calls). */
export const allOf = <T>(sections: readonly Section<T>[]): Section<T[]> => {
  const failed = sections.find((section) => !section.ok);
  return failed && !failed.ok ? failed : { ok: true, value: sections.flatMap((section) => (section.ok ? [section.value] : [])) };
};

/** Who may not ask « connu le » reads the page as it stands today. */
export const KNOWN_AT_NOT_FOR_YOU =
  'La vue « connu le » est réservée aux auditeurs et à l’exploitation DIGIT : la page montre ce que le système sait aujourd’hui.';

/** The banner of a page read « connu le » (issue 14): what its sections are, or why they are not there yet. */
export interface KnownAtBanner {
  readonly message: string;
}

/**
 * How the pages read the services: the catalogue's messages sent as the signed-in person, so each
 * service applies its own policy (R-SEC-2); a refusal or a service down becomes a section the page
 * explains instead of failing whole. With `?knownAt=` (auditors and DIGIT ops), the same messages
 * go to the services replayed on the history recorded up to that instant (KnownAtReplays), so
 * every section reads as the system knew it then, in force on the page's date.
 */
@Injectable({ scope: Scope.REQUEST })
export class DashboardServices {
  private knownAt: Promise<KnownAtState | undefined> | undefined;

  constructor(
    private readonly services: ServiceClient,
    private readonly replays: KnownAtReplays,
    @Inject(REQUEST) private readonly request: { readonly query?: PageQuery; readonly caller?: Caller },
  ) {}

  /** The replay this page reads, once per request: none without `?knownAt=` or for a person who may not ask it. */
  private replayOfPage(caller: Caller): Promise<KnownAtState | undefined> {
    const instant = knownAtInstant(this.request.query?.knownAt);
    this.knownAt ??= instant && mayAskKnownAt(caller) ? this.replays.replayAt(instant) : Promise.resolve(undefined);
    return this.knownAt;
  }

  async read<Request extends object, Reply>(
    message: Message<Request, Reply>,
    request: Request | Record<string, unknown>,
    caller: Caller,
  ): Promise<Section<Reply>> {
    const replayed = await this.replayOfPage(caller);
    if (replayed && replayed.status !== 'ready')
      return { ok: false, reason: 'unavailable', message: 'Rubrique rejouée indisponible : voir le bandeau « connu le ».' };
    try {
      const client = replayed ? new ServiceClient(replayed.replay.bus) : this.services;
      return { ok: true, value: await client.send(message, request, caller) };
    } catch (error) {
      return refusalOf(error);
    }
  }

  /** The bus the page's own gathering reads (the alerts): the replayed services' once ready, else the live ones. */
  async busFor(caller: Caller, live: Bus): Promise<Bus> {
    const replayed = await this.replayOfPage(caller);
    return replayed?.status === 'ready' ? replayed.replay.bus : live;
  }

  /** The « connu le » banner (`?knownAt=`): what the page's sections are, the replay's limits, or why there is none. */
  async replayAsKnownAt(knownAt: string): Promise<KnownAtBanner> {
    const asked = `connu le ${formatDateFr(knownAt.slice(0, 10))} à ${knownAt.slice(11, 16)}`;
    const caller = this.request.caller;
    if (!caller || !mayAskKnownAt(caller)) return { message: KNOWN_AT_NOT_FOR_YOU };
    const state = await this.replayOfPage(caller);
    if (!state) return { message: KNOWN_AT_NOT_FOR_YOU };
    if (state.status === 'building') {
      return {
        message: `Vue « ${asked} » : le rejeu de l’historique est en préparation (deux minutes au plus) ; en attendant, les rubriques rejouées sont vides et les alertes sont celles d’aujourd’hui. Rechargez la page dans un instant.`,
      };
    }
    if (state.status === 'failed') return { message: `Vue « ${asked} » : le rejeu de l’historique a échoué (${state.reason}).` };
    const { history, personalData } = state.replay;
    return {
      message:
        `Vue « ${asked} » : chaque rubrique lue auprès des services est rejouée depuis l’historique tel qu’il était enregistré à cet instant ` +
        `(${history.events.toLocaleString('fr-FR')} événement(s), jusqu’à la position ${history.lastPosition ?? '—'}), alertes comprises, en vigueur à la date choisie ; ` +
        `les arrêtés reçus et l’état du système restent ceux d’aujourd’hui. Données personnelles : ${personalData}. ` +
        `Un seul rejeu à la fois, arrêté après ${KNOWN_AT_LIMITS.IDLE_MS / 60_000} minutes sans lecture.`,
    };
  }
}
