import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, querySubject, SessionHeldDto, SessionRegistrationDto, SessionSchedulingDto, SupportReasonDto } from '@digit/contracts';
import { sessionDecider, sessionStreamId, toICalendar, type SessionCommand } from './domain/index.js';
import { sessionAnswer, sessionCalendarEntry } from './read-model/session-view.js';
import { listSessions, SESSIONS } from './read-model/sessions.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';

/** Acculturation workshops, training sessions and accompaniments with registrations, on NATS (R-SUP-5). */
@Controller()
export class SessionsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async session(id: string) {
    const view = await loadView(this.runtime.infra.db, this.runtime.schema, SESSIONS, id);
    if (!view) throw notFound('session_not_found', `Aucune session n'a l'identifiant ${id}.`);
    return sessionAnswer(view);
  }

  private async handle(payload: unknown, command: SessionCommand) {
    const id = routeId(payload);
    await execute(this.runtime, sessionDecider, sessionStreamId(id), command, actorOf(payload));
    return this.session(id);
  }

  @MessagePattern(commandSubject('support', 'schedule-session'))
  async schedule(payload: unknown) {
    const body = await validPayload(SessionSchedulingDto, payload);
    const sessionId = newId();
    await execute(this.runtime, sessionDecider, sessionStreamId(sessionId), { type: 'ScheduleSession', sessionId, ...body }, actorOf(payload));
    return this.session(sessionId);
  }

  @MessagePattern(querySubject('support', 'session'))
  async get(payload: unknown) {
    return this.session(routeId(payload));
  }

  @MessagePattern(querySubject('support', 'sessions'))
  async list(payload: unknown) {
    const views = await listSessions(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(payload) });
    return views.map(sessionAnswer);
  }

  /** The `.ics` feed of sessions: all of them, or those a town is invited to. */
  @MessagePattern(querySubject('support', 'session-calendar'))
  async calendar(payload: unknown) {
    const insee = townFilter(payload);
    const views = await listSessions(this.runtime.infra.db, this.runtime.schema, { insee });
    return {
      filename: insee ? `digit-ateliers-formations-${insee}.ics` : 'digit-ateliers-formations.ics',
      content: toICalendar('DIGIT GPSO : ateliers, formations et accompagnements', views.map(sessionCalendarEntry)),
    };
  }

  @MessagePattern(commandSubject('support', 'register-for-session'))
  async register(payload: unknown) {
    const { insee, participants } = await validPayload(SessionRegistrationDto, payload, ['id']);
    return this.handle(payload, { type: 'RegisterForSession', insee, participants, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'record-session-held'))
  async held(payload: unknown) {
    const { attendees } = await validPayload(SessionHeldDto, payload, ['id']);
    return this.handle(payload, { type: 'RecordSessionHeld', attendees, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'cancel-session'))
  async cancel(payload: unknown) {
    const { reason } = await validPayload(SupportReasonDto, payload, ['id']);
    return this.handle(payload, { type: 'CancelSession', reason, at: this.runtime.now() });
  }
}
