import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  MAX_PAGE_SIZE,
  supportMessages,
  type AnnounceMaintenanceRequest,
  type MaintenanceNoticeView,
  type SupportCalendarRequest,
  type SupportIdRequest,
  type SupportListRequest,
  type SupportReasonRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { parisDateOf } from '@digit/calendar';
import { maintenanceNoticeDecider, maintenanceStreamId, toICalendar, type MaintenanceCommand } from './domain/index.js';
import { maintenanceCalendarEntry, maintenanceNoticeAnswer } from './read-model/maintenance-notice-view.js';
import { loadMaintenanceNoticesPage, MAINTENANCE_NOTICES } from './read-model/maintenance-notices.read-model.js';
import { loadView } from './read-model/view-table.js';
import { execute, newId, pageWindow, refuseUnlessOneOf, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';
import { townsInForce } from './towns-in-force.js';

/** Maintenance notices of the web map module and database access, on NATS (R-SUP-4). */
@Controller()
export class MaintenanceController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async notice(id: string): Promise<MaintenanceNoticeView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, MAINTENANCE_NOTICES, id);
    return record
      ? maintenanceNoticeAnswer(record)
      : new DomainError('not_found', 'notice_not_found', `Aucun avis de maintenance n'a l'identifiant ${id}.`);
  }

  private async handle(id: string, command: MaintenanceCommand, context: MessageContext) {
    const decided = await execute(this.runtime, maintenanceNoticeDecider, maintenanceStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.notice(id);
  }

  /** Announced to every town in force today, before the interruption starts. */
  @Handles(supportMessages.announceMaintenance)
  async announce(request: AnnounceMaintenanceRequest, context: MessageContext) {
    const now = this.runtime.now();
    const recipients = await townsInForce(this.runtime.infra.bus, parisDateOf(now), this.runtime.settings.conventionsTimeoutMs);
    if (isDomainError(recipients)) return recipients;
    const noticeId = newId();
    return this.handle(noticeId, { type: 'AnnounceMaintenance', noticeId, ...request, recipients, now }, context);
  }

  /** A town's people read the notices their town received. */
  @Handles(supportMessages.maintenanceNotice)
  async get(request: SupportIdRequest, context: MessageContext) {
    const notice = await this.notice(request.id);
    if (isDomainError(notice)) return notice;
    return (
      refuseUnlessOneOf(
        context,
        notice.recipients.map((recipient) => recipient.insee),
      ) ?? notice
    );
  }

  @Handles(supportMessages.maintenanceNotices)
  async list(request: SupportListRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    return loadMaintenanceNoticesPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request));
  }

  /** The `.ics` feed of notices, all of them or those sent to one town, 1,000 a part by default (the next part in `next`). */
  @Handles(supportMessages.maintenanceCalendar)
  async calendar(request: SupportCalendarRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    const page = await loadMaintenanceNoticesPage(
      this.runtime.infra.db,
      this.runtime.schema,
      { insee },
      pageWindow(request, MAX_PAGE_SIZE),
    );
    return { content: toICalendar('DIGIT GPSO : maintenances', page.items.map(maintenanceCalendarEntry)), next: page.next };
  }

  @Handles(supportMessages.recordInterruptionStarted)
  async interruptionStarted(request: SupportIdRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'RecordInterruptionStarted', at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.recordServiceRestored)
  async serviceRestored(request: SupportIdRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'RecordServiceRestored', at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.cancelMaintenance)
  async cancel(request: SupportReasonRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'CancelMaintenance', reason: request.reason, at: this.runtime.now() }, context);
  }
}
