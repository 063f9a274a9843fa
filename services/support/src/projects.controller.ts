import { Controller, Inject } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  supportMessages,
  type CompleteProjectStepRequest,
  type OpenProjectRequest,
  type ProjectView,
  type SupportIdRequest,
  type SupportListRequest,
  type SupportReasonRequest,
} from '@digit/contracts';
import { Handles, type MessageContext } from '@digit/messaging';
import { projectDecider, projectStreamId, type ProjectCommand } from './domain/index.js';
import { projectAnswer, type ProjectRecord } from './read-model/project-view.js';
import { loadProjectsPage, PROJECTS } from './read-model/projects.read-model.js';
import { loadView } from './read-model/view-table.js';
import { execute, newId, pageWindow, SUPPORT_RUNTIME, townFilter, type SupportRuntime } from './support-edge.js';

/** GIS and Open Data projects through the seven steps of annex 2, on NATS (R-SUP-2). */
@Controller()
export class ProjectsController {
  constructor(@Inject(SUPPORT_RUNTIME) private readonly runtime: SupportRuntime) {}

  private readonly answer = (record: ProjectRecord): ProjectView =>
    projectAnswer(record, this.runtime.now(), this.runtime.settings.policy.calendar);

  private async project(id: string): Promise<ProjectView | DomainError> {
    const record = await loadView(this.runtime.infra.db, this.runtime.schema, PROJECTS, id);
    return record ? this.answer(record) : new DomainError('not_found', 'project_not_found', `Aucun projet n'a l'identifiant ${id}.`);
  }

  private async handle(id: string, command: ProjectCommand, context: MessageContext) {
    const decided = await execute(this.runtime, projectDecider, projectStreamId(id), command, context.metadata);
    return isDomainError(decided) ? decided : this.project(id);
  }

  @Handles(supportMessages.openProject)
  async open(request: OpenProjectRequest, context: MessageContext) {
    const projectId = newId();
    return this.handle(projectId, { type: 'OpenProject', projectId, ...request, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.project)
  async get(request: SupportIdRequest, context: MessageContext) {
    const project = await this.project(request.id);
    return isDomainError(project) ? project : (context.refuseOtherTown(project.insee) ?? project);
  }

  @Handles(supportMessages.projects)
  async list(request: SupportListRequest) {
    const insee = townFilter(request.insee);
    if (isDomainError(insee)) return insee;
    return loadProjectsPage(this.runtime.infra.db, this.runtime.schema, { insee }, pageWindow(request), this.answer);
  }

  @Handles(supportMessages.completeProjectStep)
  async completeStep(request: CompleteProjectStepRequest, context: MessageContext) {
    const { id, step, openDataPreparationProposed } = request;
    return this.handle(id, { type: 'CompleteProjectStep', step, openDataPreparationProposed, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.startProjectWaiting)
  async startWaiting(request: SupportReasonRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'StartProjectWaitingOnTown', reason: request.reason, at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.endProjectWaiting)
  async endWaiting(request: SupportIdRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'EndProjectWaitingOnTown', at: this.runtime.now() }, context);
  }

  @Handles(supportMessages.abandonProject)
  async abandon(request: SupportReasonRequest, context: MessageContext) {
    return this.handle(request.id, { type: 'AbandonProject', reason: request.reason, at: this.runtime.now() }, context);
  }
}
