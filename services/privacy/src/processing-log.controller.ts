import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, foldEvents, isDomainError, PersonalDataCheckDto, querySubject, townName, type Insee } from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { QueryFailure } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  checkPersonalData,
  contentSampleFromCsv,
  contentSampleFromJson,
  contentSha256,
  isPlainDate,
  processingLogCsv,
  processingLogStreamId,
  registerDecider,
  registerStreamId,
  sortCategories,
  type ContentSample,
  type DeclaredCategories,
  type LogPeriod,
  type PersonalDataCategory,
  type RegisterEvent,
} from './domain/index.js';
import { invalidRequest, INFRA, parisNow, READ_MODELS, requireTown, validBody } from './privacy-edge.js';
import { loadProcessingLog } from './read-model/processing-log.read-model.js';

const invalidContent = (message: string) =>
  new QueryFailure(400, { error: 'invalid_content', message, details: [{ path: 'item.content', message }] });

/** The content to detect in, and the SHA-256 that names it in the log (the content is never stored). */
const sampleOf = (content: unknown): { sample: ContentSample; sha256: string } => {
  if (typeof content !== 'string') return { sample: contentSampleFromJson(content), sha256: contentSha256(JSON.stringify(content)) };
  if (!content.trim()) throw invalidContent('Le contenu à vérifier est vide : envoyez les données elles-mêmes (CSV ou JSON).');
  const sha256 = contentSha256(content);
  if (/^\s*[[{]/.test(content)) {
    try {
      return { sample: contentSampleFromJson(JSON.parse(content)), sha256 };
    } catch {
      // Not JSON after all: read as CSV below.
    }
  }
  try {
    return { sample: contentSampleFromCsv(content), sha256 };
  } catch {
    // Unreadable content is not "clean": it is refused, not checked (R-GDPR-2).
    throw invalidContent("Le contenu n'est ni un CSV lisible (en-tête en première ligne, séparateur « ; » ou « , ») ni du JSON.");
  }
};

const periodOf = (payload: { from?: unknown; to?: unknown }): LogPeriod => {
  const problems = (['from', 'to'] as const).flatMap((name) =>
    payload[name] === undefined || isPlainDate(payload[name]) ? [] : [{ path: name, message: 'date attendue au format AAAA-MM-JJ' }],
  );
  if (problems.length > 0) throw invalidRequest('La période demandée est invalide : dates au format AAAA-MM-JJ.', problems);
  const period = { from: payload.from as string | undefined, to: payload.to as string | undefined };
  if (period.from && period.to && period.from > period.to) {
    throw invalidRequest('La période demandée est vide : « from » est postérieur à « to ».', [{ path: 'from', message: 'doit précéder ou égaler « to »' }]);
  }
  return period;
};

/**
 * The cross-check (R-GDPR-2) and the GDPR processing log. Every check is appended to the town's
 * log stream, hash-linked like every event, before anyone is answered: a check without its log
 * entry cannot exist.
 */
@Controller()
export class ProcessingLogController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  @MessagePattern(commandSubject('privacy', 'check-personal-data'))
  async check(payload: { insee?: string; actor?: string }) {
    const insee = requireTown(payload?.insee);
    const body = await validBody(PersonalDataCheckDto, payload, ['insee', 'actor'], 'La demande de vérification contient des erreurs ; voir le détail.');
    const { sample, sha256 } = sampleOf(body.item.content);
    const register = foldEvents(registerDecider, (await this.infra.store.readStream(registerStreamId(insee))) as unknown as RegisterEvent[]);
    const declaredCategories = (body.declaredCategories ?? 'unstated') as DeclaredCategories;
    const checkedBy = body.checkedBy?.trim() || payload.actor || 'system:unknown';
    const decision = checkPersonalData(
      {
        checkId: randomUUID(),
        insee,
        checkedAt: parisNow(),
        checkedBy,
        item: { kind: body.item.kind, id: body.item.id, sha256 },
        declaredProcessing: body.declaredProcessing ?? null,
        declaredCategories,
        sample,
      },
      register,
    );
    if (isDomainError(decision)) throw QueryFailure.fromDomainError(decision, 400);
    const appended = await this.infra.store.append(processingLogStreamId(insee), 'any', [decision], { metadata: { actor: checkedBy } });
    await this.readModels.caughtUp(appended.events.at(-1)?.position);
    const entry = decision.data;
    const declared: PersonalDataCategory[] = typeof entry.declaredCategories === 'string' ? [] : [...entry.declaredCategories];
    return {
      checkId: entry.checkId,
      outcome: entry.outcome,
      reasons: entry.reasons,
      categoriesPresent: sortCategories([...declared, ...entry.detectedCategories]),
      detectedCategories: entry.detectedCategories,
      processingStatus: entry.processingStatus,
      summary: entry.summary,
      // A refused item is held, not processed, until the town or its DPD fixes what the reasons say.
      held: entry.outcome === 'refused',
      logPosition: appended.events[0]!.position.toString(),
    };
  }

  @MessagePattern(querySubject('privacy', 'processing-log'))
  async log(payload: { insee?: string; from?: string; to?: string }) {
    const insee = requireTown(payload?.insee);
    const period = periodOf(payload);
    const entries = await loadProcessingLog(this.infra.db, this.infra.schema('privacy'), insee, period);
    return { insee, town: townName(insee), from: period.from ?? null, to: period.to ?? null, entries };
  }

  @MessagePattern(querySubject('privacy', 'processing-log-csv'))
  async logCsv(payload: { insee?: string; from?: string; to?: string }) {
    const insee: Insee = requireTown(payload?.insee);
    const period = periodOf(payload);
    const entries = await loadProcessingLog(this.infra.db, this.infra.schema('privacy'), insee, period);
    const span = [period.from ?? 'debut', period.to ?? 'fin'].join('_');
    return { filename: `journal-rgpd-${insee}-${span}.csv`, csv: processingLogCsv(entries) };
  }
}
