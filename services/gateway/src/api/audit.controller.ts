import type { ServerResponse } from 'node:http';
import { Controller, Get, Header, Inject, Logger, Query, Res } from '@nestjs/common';
import { headSeal, historyIdentity, jsonText, readHistoryRecords, type EventStore } from '@digit/event-store';
import {
  auditEventJson,
  parseArchiveRange,
  planHistoryArchive,
  sealJson,
  writeHistoryArchive,
  type ArchiveRange,
  type SealSources,
} from '@digit/history-archive';
import { judgeAnchoredSeals, loadPublicKey, readAnchoredSeals, sealConfigFromEnv } from '@digit/history-seal';
import type { Bus } from '@digit/messaging';
import { RoutePolicy } from '../auth/route-policy.js';
import { integerParam } from '../http/path-params.js';
import { ApiError, BUS } from '../http/service-client.js';

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * The global history for auditors (CONTRACT.md): each event as stored with both hashes, the head
 * seal and the latest anchored signed seal (R-SEC-5); and the whole history, or a range of it, as
 * the archive `npm run audit -- export` writes (issue 14).
 */
@RoutePolicy({ roles: ['auditor', 'ops'] })
@Controller('api/v1/audit')
export class AuditController {
  private readonly logger = new Logger('audit');
  private readonly sealConfig = sealConfigFromEnv();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BUS) private readonly bus: Bus,
  ) {}

  private async sealSources(): Promise<SealSources> {
    return { config: this.sealConfig, bus: this.bus, publicKey: await loadPublicKey(this.sealConfig) };
  }

  private async anchoredSeal() {
    const sources = await this.sealSources();
    const judged = judgeAnchoredSeals(
      await readAnchoredSeals({ history: await historyIdentity(this.store), config: sources.config, bus: sources.bus }),
      sources.publicKey,
    );
    if (!judged.ok) return { anchoredSeal: null, anchoredSealProblem: judged.reason };
    return { anchoredSeal: judged.latest ? { ...judged.latest, publicKey: sources.publicKey!.pem } : null };
  }

  /**
   * `next`: the cursor of the next page (`after`); at the head it stays put, so a follower polls with it.
   * Written with `jsonText`: an event as deep as PostgreSQL stores it is served, not a 500 (issue 18).
   */
  @Get('events')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async events(@Query('after') after?: string, @Query('limit') limit?: string): Promise<string> {
    const from = BigInt(integerParam('after', after, 0, 0, Number.MAX_SAFE_INTEGER));
    const records = await readHistoryRecords(this.store, { after: from, limit: integerParam('limit', limit, 100, 1, 1000) });
    const head = await headSeal(this.store);
    return jsonText({
      events: records.map(auditEventJson),
      next: (records.at(-1)?.position ?? from).toString(),
      headSeal: head ? sealJson(head) : null,
      ...(await this.anchoredSeal()),
    });
  }

  /** The archive of `npm run audit -- export`, streamed (gzip'd tar); `from` / `to`: a day (Paris) or an instant. */
  @Get('export')
  async export(@Res() response: ServerResponse, @Query('from') from?: string, @Query('to') to?: string): Promise<void> {
    let range: ArchiveRange;
    try {
      range = parseArchiveRange({ from, to });
    } catch (error) {
      const path = (error as Error).message.startsWith('to') ? 'to' : 'from';
      throw new ApiError(400, 'invalid_request', `${(error as Error).message}.`, [
        { path, message: 'date AAAA-MM-JJ ou instant ISO 8601 avec décalage attendu' },
      ]);
    }
    const plan = await planHistoryArchive(this.store, range, await this.sealSources());
    const stamp = plan.manifest.createdAt.replace(/[:.]/g, '-');
    response.statusCode = 200;
    response.setHeader('Content-Type', 'application/gzip');
    response.setHeader('Content-Disposition', `attachment; filename="digit-historique-${stamp}.tar.gz"`);
    try {
      await writeHistoryArchive(this.store, plan, response);
    } catch (error) {
      // Headers are gone: a cut download is all the client can be told (the archive would not verify).
      this.logger.error(`export failed: ${(error as Error).message}`);
      response.destroy();
    }
  }
}
