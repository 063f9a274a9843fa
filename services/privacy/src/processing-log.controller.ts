import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { parisNow } from '@digit/calendar';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  foldEvents,
  isDomainError,
  MAX_PAGE_SIZE,
  privacyMessages,
  townName,
  type CheckPersonalDataRequest,
  type ProcessingLogRequest,
} from '@digit/contracts';
import type { Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import {
  checkPersonalData,
  contentSampleFromCsv,
  contentSampleFromJson,
  contentSha256,
  processingLogCsv,
  processingLogStreamId,
  registerDecider,
  registerStreamId,
  sortCategories,
  type ContentSample,
  type DeclaredCategories,
  type PersonalDataCategory,
  type RegisterEvent,
} from './domain/index.js';
import { INFRA, READ_MODELS } from './privacy-edge.js';
import { loadProcessingLogPage } from './read-model/processing-log.read-model.js';

const invalidContent = (message: string) => new DomainError('invalid', 'invalid_content', message, [{ path: 'item.content', message }]);

/** The content to detect in, and the SHA-256 that names it in the log (the content is never stored). */
const sampleOf = (content: unknown): { sample: ContentSample; sha256: string } | DomainError => {
  if (typeof content !== 'string') return { sample: contentSampleFromJson(content), sha256: contentSha256(JSON.stringify(content)) };
  if (!content.trim()) return invalidContent('Le contenu à vérifier est vide : envoyez les données elles-mêmes (CSV ou JSON).');
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
    return invalidContent("Le contenu n'est ni un CSV lisible (en-tête en première ligne, séparateur « ; » ou « , ») ni du JSON.");
  }
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

  /** Sent by DIGIT ops over HTTP and by the services about to process data (support, data-exchange) with their own caller. */
  @Handles(privacyMessages.checkPersonalData)
  async checkPersonalData(request: CheckPersonalDataRequest, context: MessageContext) {
    const { insee } = request;
    const content = sampleOf(request.item.content);
    if (isDomainError(content)) return content;
    const register = foldEvents(
      registerDecider,
      (await this.infra.store.readStream(registerStreamId(insee))) as unknown as RegisterEvent[],
    );
    const decision = checkPersonalData(
      {
        checkId: randomUUID(),
        insee,
        checkedAt: parisNow(),
        checkedBy: context.caller.sub,
        item: { kind: request.item.kind, id: request.item.id, sha256: content.sha256 },
        declaredProcessing: request.declaredProcessing ?? null,
        declaredCategories: (request.declaredCategories ?? 'unstated') as DeclaredCategories,
        sample: content.sample,
      },
      register,
    );
    if (isDomainError(decision)) return decision;
    const appended = await this.infra.store.append(processingLogStreamId(insee), 'any', [decision], { metadata: context.metadata });
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

  @Handles(privacyMessages.processingLog)
  async processingLog(request: ProcessingLogRequest) {
    const { insee, from, to } = request;
    const page = await loadProcessingLogPage(
      this.infra.db,
      this.infra.schema('privacy'),
      insee,
      { from, to },
      { limit: request.limit ?? DEFAULT_PAGE_SIZE, after: request.after },
    );
    return { insee, town: townName(insee), from: from ?? null, to: to ?? null, entries: page.items, next: page.next };
  }

  /** The log as the DPD's spreadsheet: up to 1,000 checks a file, the next part named by `next` (a `Link` header over HTTP). */
  @Handles(privacyMessages.processingLogCsv)
  async processingLogCsv(request: ProcessingLogRequest) {
    const { insee, from, to } = request;
    const page = await loadProcessingLogPage(
      this.infra.db,
      this.infra.schema('privacy'),
      insee,
      { from, to },
      { limit: request.limit ?? MAX_PAGE_SIZE, after: request.after },
    );
    return { content: processingLogCsv(page.items), next: page.next };
  }
}
