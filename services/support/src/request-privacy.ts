import { isDomainError, type EventMetadata } from '@digit/contracts';
import { requestDecider, requestStreamId, type RequestEvent, type RequestReceived } from './domain/index.js';
import { askPersonalDataCheck, type PersonalDataCheckAnswer, type PersonalDataCheckQuestion } from './personal-data-check.js';
import { execute, type SupportRuntime } from './support-edge.js';

/** What the privacy service is asked about a request: its content and the sender's declaration. */
const questionFor = async (runtime: SupportRuntime, requestId: string): Promise<PersonalDataCheckQuestion | null> => {
  const history = (await runtime.infra.store.readStream(requestStreamId(requestId))) as unknown as RequestEvent[];
  const state = history.reduce(requestDecider.evolve, requestDecider.initialState);
  if (state.status !== 'open' || state.privacyCheck !== 'pending' || state.personalDataDeclaration === null) return null;
  const received = history.find((event): event is RequestReceived => event.type === 'RequestReceived');
  if (!received) return null;
  const { need, targetUsers, context } = received.data;
  return {
    insee: state.insee,
    requestId,
    content: { need, targetUsers, context },
    declaration: state.personalDataDeclaration,
  };
};

/**
 * R-GDPR-2: a request holding personal data is processed only once the privacy service says its
 * processing is in the town DPD's register. Records the answer and returns it (with the privacy
 * service's reasons); without one the request stays held and null is returned.
 */
export const crossCheckRequest = async (
  runtime: SupportRuntime,
  requestId: string,
  metadata: EventMetadata,
): Promise<PersonalDataCheckAnswer | null> => {
  const question = await questionFor(runtime, requestId);
  if (question === null) return null;
  const answer = await askPersonalDataCheck(runtime.infra.bus, question, runtime.settings.privacyCheckTimeoutMs);
  if (answer === null) return null;
  const recorded = await execute(
    runtime,
    requestDecider,
    requestStreamId(requestId),
    { type: 'RecordPrivacyCheck', outcome: answer.outcome, registerReference: answer.registerReference ?? undefined, at: runtime.now() },
    metadata,
  );
  // Refused (the request closed or was answered meanwhile): nothing recorded; a request still held is asked again.
  return isDomainError(recorded) ? null : answer;
};
