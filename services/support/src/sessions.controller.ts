import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  MAX_PAGE_SIZE,
  supportMessages,
  type RecordSessionHeldRequest,
  type RegisterForSessionRequest,
  type ScheduleSessionRequest,
  type SessionView,
  type SupportCalendarRequest,
  type SupportIdRequest,
  type SupportListRequest,
  type SupportReasonRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { sessionDecider, sessionStreamId, toICalendar, type SessionCommand } from './domain/index.js';
import { sessionAnswer, sessionCalendarEntry } from './read-model/session-view.js';
import { loadSessionsPage, SESSIONS } from './read-model/sessions.read-model.js';
import { loadView } from './read-model/view-table.js';
import { execute, newId, pageWindow, refuseUnlessOneOf, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';

/** Acculturation workshops, training sessions and accompaniments with registrations, on NATS (R-SUP-5). */
@Controller()
export class SessionsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private async session(id: string): Promise<SessionView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, SESSIONS, id);
    return record ? sessionAnswer(record) : new DomainError('not_found', 'session_not_found', `Aucune session n'a l'identifiant ${id}.`);
  }

  private async handle(id: string, command: SessionCommand, context: MessageContext) {
    const decided = await execute(this.runtime, sessionDecider, sessionStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.session(id);
  }

  @Handles(supportMessages.scheduleSession)
  async schedule(request: ScheduleSessionRequest, context: MessageContext) {
    const sessionId = newId();
    return this.handle(sessionId, { type: 'ScheduleSession', sessionId, ...request }, context);
  }

  /** A town's people read the sessions their town is invited to. */
  @Handles(supportMessages.session)
  async get(request: SupportIdRequest, context: MessageContext) {
    const session = await this.session(request.id);
    if (isDomainError(session)) return session;
    return (
      refuseUnlessOneOf(
        context,
        session.towns.map((town) => town.insee),
      ) ?? session
    );
  }

  @Handles(supportMessages.sessions)
  async list(request: SupportListRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    return loadSessionsPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request));
  }

  /** The `.ics` feed of sessions, all of them or those a town is invited to, 1,000 a part by default (the next part in `next`). */
  @Handles(supportMessages.sessionCalendar)
  async calendar(request: SupportCalendarRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    const page = await loadSessionsPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request, MAX_PAGE_SIZE));
    return {
      content: toICalendar('DIGIT GPSO : ateliers, formations et accompagnements', page.items.map(sessionCalendarEntry)),
      next: page.next,
    };
  }

  /** The policy lets a town's people register their own town only (its `insee`); the session says whether it is invited. */
  @Handles(supportMessages.registerForSession)
  async register(request: RegisterForSessionRequest, context: MessageContext) {
    const { id, insee, participants } = request;
    return this.handle(id, { type: 'RegisterForSession', insee, participants, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.recordSessionHeld)
  async held(request: RecordSessionHeldRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'RecordSessionHeld', attendees: request.attendees, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.cancelSession)
  async cancel(request: SupportReasonRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'CancelSession', reason: request.reason, at: this.runtime.now() }, context);
  }
}
