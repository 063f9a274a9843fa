import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, MaintenanceNoticeDto, querySubject, SupportReasonDto } from '@digit/contracts';
import {
  businessDateOf,
  maintenanceNoticeDecider,
  maintenanceStreamId,
  toICalendar,
  type MaintenanceCommand,
} from './domain/index.js';
import { maintenanceCalendarEntry, maintenanceNoticeAnswer } from './read-model/maintenance-notice-view.js';
import { listMaintenanceNotices, MAINTENANCE_NOTICES } from './read-model/maintenance-notices.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';
import { townsInForce } from './towns-in-force.js';

/** Maintenance notices of the web map module and database access, on NATS (R-SUP-4). */
@Controller()
export class MaintenanceController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async notice(id: string) {
    const view = await loadView(this.runtime.infra.db, this.runtime.schema, MAINTENANCE_NOTICES, id);
    if (!view) throw notFound('notice_not_found', `Aucun avis de maintenance n'a l'identifiant ${id}.`);
    return maintenanceNoticeAnswer(view);
  }

  private async handle(payload: unknown, command: MaintenanceCommand) {
    const id = routeId(payload);
    await execute(this.runtime, maintenanceNoticeDecider, maintenanceStreamId(id), command, actorOf(payload));
    return this.notice(id);
  }

  /** Announced to every town in force today, before the interruption starts. */
  @MessagePattern(commandSubject('support', 'announce-maintenance'))
  async announce(payload: unknown) {
    const body = await validPayload(MaintenanceNoticeDto, payload);
    const now = this.runtime.now();
    const recipients = await townsInForce(this.runtime.infra.bus, businessDateOf(now).toString(), this.runtime.settings.conventionsTimeoutMs);
    const noticeId = newId();
    await execute(
      this.runtime,
      maintenanceNoticeDecider,
      maintenanceStreamId(noticeId),
      { type: 'AnnounceMaintenance', noticeId, ...body, recipients, now },
      actorOf(payload),
    );
    return this.notice(noticeId);
  }

  @MessagePattern(querySubject('support', 'maintenance-notice'))
  async get(payload: unknown) {
    return this.notice(routeId(payload));
  }

  @MessagePattern(querySubject('support', 'maintenance-notices'))
  async list(payload: unknown) {
    const views = await listMaintenanceNotices(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(payload) });
    return views.map(maintenanceNoticeAnswer);
  }

  /** The `.ics` feed of notices: all of them, or those sent to one town. */
  @MessagePattern(querySubject('support', 'maintenance-calendar'))
  async calendar(payload: unknown) {
    const insee = townFilter(payload);
    const views = await listMaintenanceNotices(this.runtime.infra.db, this.runtime.schema, { insee });
    return {
      filename: insee ? `digit-maintenances-${insee}.ics` : 'digit-maintenances.ics',
      content: toICalendar('DIGIT GPSO : maintenances', views.map(maintenanceCalendarEntry)),
    };
  }

  @MessagePattern(commandSubject('support', 'record-interruption-started'))
  async interruptionStarted(payload: unknown) {
    return this.handle(payload, { type: 'RecordInterruptionStarted', at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'record-service-restored'))
  async serviceRestored(payload: unknown) {
    return this.handle(payload, { type: 'RecordServiceRestored', at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'cancel-maintenance'))
  async cancel(payload: unknown) {
    const { reason } = await validPayload(SupportReasonDto, payload, ['id']);
    return this.handle(payload, { type: 'CancelMaintenance', reason, at: this.runtime.now() });
  }
}
