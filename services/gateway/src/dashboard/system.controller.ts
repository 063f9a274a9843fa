import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { DOMAIN_EVENTS_STREAM, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM, type Caller } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import { DEAD_LETTERS_STREAM, readDeadLetters, type Bus, type DeadLetter } from '@digit/messaging';
import { EVENT_STORE } from '../api/audit.controller.js';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { healthReport } from '../health/health.controller.js';
import { BUS } from '../http/service-client.js';
import { pageFrame, PAGES, type PageQuery } from './dashboard-page.js';
import { tablePart, tablesOf, type PagePart } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { dashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';

interface StreamRow {
  readonly name: string;
  /** Null when the gateway's NATS user may not read the stream's information. */
  readonly state: { readonly messages: number; readonly bytes: number; readonly consumers: number } | null;
}

const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')}\u00a0Mio`;

const STREAMS = [DOMAIN_EVENTS_STREAM, DEAD_LETTERS_STREAM, TOWN_VOIRIE_ORDERS_STREAM, TOWN_VOIRIE_OUTCOMES_STREAM];

/** The system's JetStream streams with their sizes, as far as the gateway's NATS user may read them. */
const streamsOf = (bus: Bus): Promise<StreamRow[]> =>
  Promise.all(
    STREAMS.map(async (logical) => {
      const name = bus.streamName(logical);
      const info = await bus.jsm.streams.info(name).catch(() => null);
      return { name, state: info && { messages: info.state.messages, bytes: info.state.bytes, consumers: info.state.consumer_count } };
    }),
  );

/**
 * Système (DIGIT ops and auditors): each service's health, how far each projection and relay is
 * behind the history's head, the messages consumers gave up on with their reason (dead letters),
 * and the size of the streams and of the event store. Always the present state.
 */
@RoutePolicy(PAGES.system.policy)
@UseFilters(PageExceptionFilter)
@Controller('systeme')
export class SystemController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: PageQuery, @Res() response: ServerResponse): Promise<void> {
    const frame = pageFrame(caller, 'system', 'Système', '/systeme', query);
    const [health, head, checkpoints, deadLetters, streams, storeBytes] = await Promise.all([
      healthReport(this.bus),
      this.store.headPosition(),
      this.store.db.selectFrom('checkpoints').select(['subscriber', 'position', 'updated_at']).orderBy('subscriber').execute(),
      readDeadLetters(this.bus, 50).catch(() => null),
      streamsOf(this.bus),
      sql<{ bytes: string }>`select pg_total_relation_size(${`${this.store.schema}.events`}::regclass)::text as bytes`.execute(this.store.db).then((result) => Number(result.rows[0]!.bytes)),
    ]);
    const parts: PagePart[] = [
      tablePart(
        frame,
        dashboardTable(
          'services',
          'Santé des services',
          [
            { header: 'Service', cell: (service: (typeof health.services)[number]) => service.name },
            { header: 'État', cell: (service) => (service.status === 'ok' ? { text: 'répond', tone: 'success' } : { text: 'ne répond pas', tone: 'danger' }) },
          ],
          health.services,
          { empty: 'Aucun service.' },
        ),
      ),
      tablePart(
        frame,
        dashboardTable(
          'suivis',
          `Projections et relais : retard sur l’historique (position ${fr.count(Number(head))})`,
          [
            { header: 'Suiveur', cell: (row: (typeof checkpoints)[number]) => ({ text: row.subscriber, code: true }) },
            { header: 'Position', cell: (row) => fr.count(Number(row.position)), csv: (row) => row.position, numeric: true },
            { header: 'Retard (événements)', cell: (row) => fr.count(Number(head - BigInt(row.position))), csv: (row) => String(head - BigInt(row.position)), numeric: true },
            { header: 'Mis à jour le', cell: (row) => fr.instant(new Date(row.updated_at).toISOString()), csv: (row) => new Date(row.updated_at).toISOString() },
          ],
          checkpoints,
          { empty: 'Aucun suiveur.', note: 'Un suiveur qui ne lit que ses propres flux enregistre sa position au plus une fois par seconde quand rien ne le concerne.' },
        ),
      ),
      deadLetters
        ? tablePart(
            frame,
            dashboardTable(
              'messages-en-echec',
              'Messages en échec (dead letters)',
              [
                { header: 'Échec le', cell: (letter: DeadLetter) => fr.instant(letter.failedAt), csv: (letter) => letter.failedAt },
                { header: 'Consommateur', cell: (letter) => ({ text: letter.consumer, code: true }) },
                { header: 'Sujet', cell: (letter) => ({ text: letter.subject, code: true }) },
                { header: 'Tentatives', cell: (letter) => String(letter.deliveries), csv: (letter) => letter.deliveries, numeric: true },
                { header: 'Raison', cell: (letter) => letter.reason },
              ],
              [...deadLetters].reverse(),
              { empty: 'Aucun message en échec.' },
            ),
          )
        : { kind: 'blocked', title: 'Messages en échec', message: 'NATS ne répond pas : les messages en échec ne peuvent pas être lus.', tone: 'danger' },
      tablePart(
            frame,
            dashboardTable(
              'flux',
              `Flux JetStream et historique (${mebibytes(storeBytes)} d’événements dans PostgreSQL)`,
              [
                { header: 'Flux', cell: (stream: StreamRow) => ({ text: stream.name, code: true }) },
                { header: 'Messages', cell: (stream) => (stream.state ? fr.count(stream.state.messages) : 'non lisible'), csv: (stream) => stream.state?.messages ?? '', numeric: true },
                { header: 'Taille', cell: (stream) => (stream.state ? mebibytes(stream.state.bytes) : '—'), csv: (stream) => stream.state?.bytes ?? '', numeric: true },
                { header: 'Consommateurs', cell: (stream) => (stream.state ? fr.count(stream.state.consumers) : '—'), csv: (stream) => stream.state?.consumers ?? '', numeric: true },
              ],
              streams,
              { empty: 'Aucun flux.', note: '« non lisible » : l’utilisateur NATS de la passerelle n’a pas le droit de lire ce flux (chaque service a le sien, R-SEC-3).' },
            ),
          ),
    ];
    sendPage(response, 'pages/sections', { frame, tables: tablesOf(parts), parts, subtitle: 'L’état présent du système, quelle que soit la date choisie.' }, query);
  }
}
