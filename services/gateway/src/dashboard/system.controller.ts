import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { parisNow } from '@digit/calendar';
import type { Caller, ConsumerStatusView, DeadLetterView, FollowerStatusView, StreamStatusView } from '@digit/contracts';
import type { EventStore } from '@digit/event-store';
import type { Bus } from '@digit/messaging';
import { EVENT_STORE } from '../api/audit.controller.js';
import { CurrentCaller, RoutePolicy } from '../auth/route-policy.js';
import { BUS } from '../http/service-client.js';
import { readDeadLettersPage } from '../ops/dead-letters.js';
import { systemStatus } from '../ops/system-status.js';
import { pageFrame, PAGES, type PageQuery } from './dashboard-page.js';
import { tablePart, tablesOf, type PagePart } from './dashboard-parts.js';
import { PageExceptionFilter, sendPage } from './dashboard-response.js';
import { dashboardTable } from './dashboard-table.js';
import { fr } from './dashboard-views.js';

const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')}\u00a0Mio`;

/** A JetStream consumer with the stream it reads. */
type ConsumerRow = ConsumerStatusView & { readonly stream: string };

/**
 * Système (DIGIT ops and auditors): each service's health, how far each projection and relay is
 * behind the history's head, the messages consumers gave up on with their reason (dead letters) and
 * whether ops replayed them, the streams' sizes and their consumers' backlog, and the event store's
 * size: the same reading as `GET /api/v1/ops/system` (ops/system-status.ts). Always the present state.
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
    const [status, deadLetters] = await Promise.all([
      systemStatus(this.bus, this.store, parisNow()),
      readDeadLettersPage(this.bus, this.store, { limit: 50 }).catch(() => null),
    ]);
    const blocked = (title: string): PagePart => ({
      kind: 'blocked',
      title,
      message: status.problems.find((problem) => problem.startsWith(title)) ?? `${title} : lecture impossible.`,
      tone: 'danger',
    });
    const consumers: ConsumerRow[] = (status.streams ?? []).flatMap((stream) =>
      stream.consumers.map((consumer) => ({ ...consumer, stream: stream.name })),
    );
    const parts: PagePart[] = [
      tablePart(
        frame,
        dashboardTable(
          'services',
          'Santé des services',
          [
            { header: 'Service', cell: (service: (typeof status.services)[number]) => service.name },
            {
              header: 'État',
              cell: (service) =>
                service.status === 'ok' ? { text: 'répond', tone: 'success' } : { text: 'ne répond pas', tone: 'danger' },
            },
          ],
          status.services,
          { empty: 'Aucun service.' },
        ),
      ),
      status.followers && status.store
        ? tablePart(
            frame,
            dashboardTable(
              'suivis',
              `Projections et relais : retard sur l’historique (position ${fr.count(Number(status.store.headPosition))})`,
              [
                { header: 'Suiveur', cell: (row: FollowerStatusView) => ({ text: row.name, code: true }) },
                { header: 'Position', cell: (row) => fr.count(Number(row.position)), csv: (row) => row.position, numeric: true },
                {
                  header: 'Retard (événements)',
                  cell: (row) => ({ text: fr.count(row.behind), tone: row.behind > 0 ? 'warning' : 'success' }),
                  csv: (row) => row.behind,
                  numeric: true,
                },
                { header: 'En attente depuis', cell: (row) => fr.instant(row.pendingSince), csv: (row) => row.pendingSince ?? '' },
                { header: 'Retard (s)', cell: (row) => fr.count(row.lagSeconds), csv: (row) => row.lagSeconds, numeric: true },
                {
                  header: 'Position enregistrée le',
                  cell: (row) => fr.instant(row.checkpointSavedAt),
                  csv: (row) => row.checkpointSavedAt,
                },
              ],
              status.followers,
              {
                empty: 'Aucun suiveur.',
                note: 'Un suiveur qui ne lit que ses propres flux enregistre sa position au plus une fois par seconde quand rien ne le concerne.',
              },
            ),
          )
        : blocked('Abonnés de l’historique'),
      deadLetters
        ? tablePart(
            frame,
            dashboardTable(
              'messages-en-echec',
              `Messages en échec (dead letters)${status.deadLetters ? ` : ${fr.count(status.deadLetters.count)}` : ''}`,
              [
                { header: 'N°', cell: (letter: DeadLetterView) => letter.seq, numeric: true },
                { header: 'Échec le', cell: (letter) => fr.instant(letter.failedAt), csv: (letter) => letter.failedAt },
                { header: 'Consommateur', cell: (letter) => ({ text: letter.consumer, code: true }) },
                { header: 'Sujet', cell: (letter) => ({ text: letter.subject, code: true }) },
                { header: 'Tentatives', cell: (letter) => String(letter.deliveries), csv: (letter) => letter.deliveries, numeric: true },
                { header: 'Raison', cell: (letter) => letter.reason },
                {
                  header: 'Rejeu',
                  cell: (letter) =>
                    letter.replay
                      ? { text: `rejoué le ${fr.instant(letter.replay.replayedAt)} par ${letter.replay.replayedBy}`, tone: 'success' }
                      : letter.replayable
                        ? { text: 'à rejouer', tone: 'warning' }
                        : { text: 'non rejouable', tone: 'secondary' },
                },
              ],
              deadLetters.deadLetters,
              {
                empty: 'Aucun message en échec.',
                note: 'Les 50 plus récents ; l’exploitation les rejoue par POST /api/v1/ops/dead-letters/{n°}/replay.',
              },
            ),
          )
        : {
            kind: 'blocked',
            title: 'Messages en échec',
            message: 'NATS ne répond pas : les messages en échec ne peuvent pas être lus.',
            tone: 'danger',
          },
      status.streams
        ? tablePart(
            frame,
            dashboardTable(
              'flux',
              `Flux JetStream et historique (${status.store ? `${fr.count(status.store.events)} événements, ${mebibytes(status.store.bytes)} dans PostgreSQL` : 'historique non lisible'})`,
              [
                { header: 'Flux', cell: (stream: StreamStatusView) => ({ text: stream.name, code: true }) },
                { header: 'Messages', cell: (stream) => fr.count(stream.messages), csv: (stream) => stream.messages, numeric: true },
                { header: 'Taille', cell: (stream) => mebibytes(stream.bytes), csv: (stream) => stream.bytes, numeric: true },
                {
                  header: 'Consommateurs',
                  cell: (stream) => fr.count(stream.consumers.length),
                  csv: (stream) => stream.consumers.length,
                  numeric: true,
                },
              ],
              status.streams,
              { empty: 'Aucun flux.' },
            ),
          )
        : blocked('Flux JetStream'),
      tablePart(
        frame,
        dashboardTable(
          'consommateurs',
          'Consommateurs JetStream : en attente, non acquittés, redélivrés',
          [
            { header: 'Flux', cell: (row: ConsumerRow) => ({ text: row.stream, code: true }) },
            { header: 'Consommateur', cell: (row) => ({ text: row.name, code: true }) },
            {
              header: 'En attente',
              cell: (row) => ({ text: fr.count(row.pending), tone: row.pending > 0 ? 'warning' : 'success' }),
              csv: (row) => row.pending,
              numeric: true,
            },
            { header: 'Non acquittés', cell: (row) => fr.count(row.ackPending), csv: (row) => row.ackPending, numeric: true },
            { header: 'Redélivrés', cell: (row) => fr.count(row.redelivered), csv: (row) => row.redelivered, numeric: true },
          ],
          consumers,
          { empty: 'Aucun consommateur.' },
        ),
      ),
    ];
    sendPage(
      response,
      'pages/sections',
      { frame, tables: tablesOf(parts), parts, subtitle: 'L’état présent du système, quelle que soit la date choisie.' },
      query,
    );
  }
}
