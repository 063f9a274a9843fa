import { Controller, Inject } from '@nestjs/common';
import { parisNow, parisToday } from '@digit/calendar';
import {
  DomainError,
  isDomainError,
  privacyMessages,
  townName,
  type RetentionDueRequest,
  type SetRetentionRequest,
} from '@digit/contracts';
import { handleCommand, type Subscription } from '@digit/event-store';
import { Handles, type MessageContext } from '@digit/messaging';
import type { ServiceInfra } from '@digit/runtime';
import { registerDecider, registerStreamId, RETENTION_DUE_WITHIN_DAYS, retentionDue } from './domain/index.js';
import { heldPersonalData } from './held-personal-data.js';
import { INFRA, READ_MODELS } from './privacy-edge.js';
import { loadProcessing, loadRetentionRules } from './read-model/register.read-model.js';

/** Retention periods (art. 5(1)(e)): the DPD sets them on the register; the DPD and DIGIT see what falls due. */
@Controller()
export class RetentionController {
  constructor(
    @Inject(INFRA) private readonly infra: ServiceInfra,
    @Inject(READ_MODELS) private readonly readModels: Subscription,
  ) {}

  private get schema() {
    return this.infra.schema('privacy');
  }

  /** R-SEC-4: the town's own DPD only (the policy); the event names the DPD's subject. */
  @Handles(privacyMessages.setRetention)
  async setRetention(request: SetRetentionRequest, context: MessageContext) {
    const { insee, reference, days, appliesTo } = request;
    const outcome = await handleCommand(
      this.infra.store,
      registerDecider,
      registerStreamId(insee),
      { type: 'SetRetention', data: { insee, reference, days, appliesTo, setAt: parisNow(), setBy: context.caller.sub } },
      context.metadata,
    );
    if (!outcome.ok) return outcome.error;
    await this.readModels.caughtUp(outcome.events.at(-1)?.position);
    const processing = await loadProcessing(this.infra.db, this.schema, insee, reference);
    return processing
      ? { insee, ...processing }
      : new DomainError(
          'not_found',
          'processing_not_found',
          `Aucun traitement de référence « ${reference} » dans le registre de ${townName(insee)}.`,
        );
  }

  @Handles(privacyMessages.retentionDue)
  async retentionDue(request: RetentionDueRequest) {
    const asOf = request.asOf ?? parisToday();
    const withinDays = request.withinDays ?? RETENTION_DUE_WITHIN_DAYS;
    const rules = (await loadRetentionRules(this.infra.db, this.schema, request.insee)).get(request.insee) ?? [];
    if (rules.length === 0) return { insee: request.insee, asOf, withinDays, due: [] };
    const held = await heldPersonalData(this.infra.bus, { insee: request.insee });
    if (isDomainError(held)) return held;
    return { insee: request.insee, asOf, withinDays, due: retentionDue(request.insee, rules, held, asOf, withinDays) };
  }
}
