import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { commandSubject, ProjectOpeningDto, ProjectStepCompletionDto, querySubject, SupportReasonDto } from '@digit/contracts';
import { projectDecider, projectStreamId, type ProjectCommand } from './domain/index.js';
import { projectAnswer, type ProjectRecord } from './read-model/project-view.js';
import { listProjects, PROJECTS } from './read-model/projects.read-model.js';
import { loadView } from './read-model/view-table.js';
import { actorOf, execute, newId, notFound, routeId, SUPPORT_RUNTIME, townFilter, validPayload, type SupportRuntime } from './support-edge.js';

/** GIS and Open Data projects through the seven steps of annex 2, on NATS (R-SUP-2). */
@Controller()
export class ProjectsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private answer(record: ProjectRecord) {
    return projectAnswer(record, this.runtime.now(), this.runtime.settings.policy.calendar);
  }

  private async project(id: string) {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, PROJECTS, id);
    if (!record) throw notFound('project_not_found', `Aucun projet n'a l'identifiant ${id}.`);
    return this.answer(record);
  }

  private async handle(payload: unknown, command: ProjectCommand) {
    const id = routeId(payload);
    await execute(this.runtime, projectDecider, projectStreamId(id), command, actorOf(payload));
    return this.project(id);
  }

  @MessagePattern(commandSubject('support', 'open-project'))
  async open(payload: unknown) {
    const body = await validPayload(ProjectOpeningDto, payload);
    const projectId = newId();
    const command: ProjectCommand = { type: 'OpenProject', projectId, ...body, at: this.runtime.now() };
    await execute(this.runtime, projectDecider, projectStreamId(projectId), command, actorOf(payload));
    return this.project(projectId);
  }

  @MessagePattern(querySubject('support', 'project'))
  async get(payload: unknown) {
    return this.project(routeId(payload));
  }

  @MessagePattern(querySubject('support', 'projects'))
  async list(payload: unknown) {
    const records = await listProjects(this.runtime.infra.db, this.runtime.schema, { insee: townFilter(payload) });
    return records.map((record) => this.answer(record));
  }

  @MessagePattern(commandSubject('support', 'complete-project-step'))
  async completeStep(payload: unknown) {
    const { step, openDataPreparationProposed } = await validPayload(ProjectStepCompletionDto, payload, ['id']);
    return this.handle(payload, { type: 'CompleteProjectStep', step, openDataPreparationProposed, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'start-project-waiting-on-town'))
  async startWaiting(payload: unknown) {
    const { reason } = await validPayload(SupportReasonDto, payload, ['id']);
    return this.handle(payload, { type: 'StartProjectWaitingOnTown', reason, at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'end-project-waiting-on-town'))
  async endWaiting(payload: unknown) {
    return this.handle(payload, { type: 'EndProjectWaitingOnTown', at: this.runtime.now() });
  }

  @MessagePattern(commandSubject('support', 'abandon-project'))
  async abandon(payload: unknown) {
    const { reason } = await validPayload(SupportReasonDto, payload, ['id']);
    return this.handle(payload, { type: 'AbandonProject', reason, at: this.runtime.now() });
  }
}
