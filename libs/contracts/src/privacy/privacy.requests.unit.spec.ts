import { validateDto } from '../validation.js';
import {
  AgentsDueRequest,
  CheckPersonalDataRequest,
  DeclareProcessingRequest,
  ErasePersonalDataRequest,
  ImportRegisterRequest,
  ProcessingLogRequest,
  ProcessingRequest,
  RecordGdprTrainingRequest,
  RegisterAgentRequest,
  ValidateProcessingRequest,
} from './privacy.requests.js';

const pathsOf = async (dto: new () => object, input: object): Promise<string[]> => {
  const result = await validateDto(dto, input);
  return result.ok ? [] : result.details.map((detail) => detail.path);
};

const fiche = { name: 'Annuaire', purposes: ['Contacter'] };
const dataset = { kind: 'dataset', id: 'ds-1', content: 'voie\nRue de Sèvres\n' };

describe('privacy requests: what is checked once, at the service’s edge (issue 17, issue 18)', () => {
  it.each<[string, new () => object, object]>([
    ['a declaration', DeclareProcessingRequest, { insee: '92012', reference: 'TRT/2024/001', fiche }],
    ['a validation', ValidateProcessingRequest, { insee: '92012', reference: 'TRT-001' }],
    [
      'a check with JSON content',
      CheckPersonalDataRequest,
      { insee: '92012', item: { ...dataset, content: [{ nom: 'Dupont' }] }, declaredCategories: ['identity'] },
    ],
    [
      'a log period of one day, paged',
      ProcessingLogRequest,
      { insee: '92012', from: '2024-03-01', to: '2024-03-01', limit: 1000, after: '42' },
    ],
    ['an agent', RegisterAgentRequest, { agentId: 'a.moreau-2', fullName: 'Claire Moreau', joinedOn: '2024-02-29' }],
    ['the agents due, from a cursor', AgentsDueRequest, { asOf: '2024-06-03', withinDays: 3660, after: '2024-04-15~a-new' }],
    ['an erasure', ErasePersonalDataRequest, { subjectId: 'c-4f1e', reason: 'Demande de la personne (art. 17 du RGPD)' }],
  ])('accepts %s', async (_, dto, input) => {
    expect(await pathsOf(dto, input)).toEqual([]);
  });

  it.each<[string, new () => object, object, string]>([
    ['R-GDPR-1: a malformed reference', ProcessingRequest, { insee: '92012', reference: 'TRT 001' }, 'reference'],
    ['R-GDPR-1: a town outside GPSO', ValidateProcessingRequest, { insee: '75056', reference: 'TRT-001' }, 'insee'],
    ['R-SEC-1: a body naming who acts', DeclareProcessingRequest, { insee: '92012', reference: 'TRT-001', fiche, by: 'dpd:92012:x' }, 'by'],
    [
      'issue 18: a purpose over 2,000 characters',
      DeclareProcessingRequest,
      { insee: '92012', reference: 'TRT-001', fiche: { name: 'X', purposes: ['x'.repeat(2001)] } },
      'fiche.purposes',
    ],
    ['issue 18: a register CSV over 100,000 characters', ImportRegisterRequest, { insee: '92012', csv: 'x'.repeat(100_001) }, 'csv'],
    ['R-GDPR-2: a town outside GPSO', CheckPersonalDataRequest, { insee: '75056', item: dataset }, 'insee'],
    ['R-GDPR-2: an unknown kind of data', CheckPersonalDataRequest, { insee: '92012', item: { ...dataset, kind: 'photo' } }, 'item.kind'],
    [
      'R-SEC-1: a check naming who checks',
      CheckPersonalDataRequest,
      { insee: '92012', item: dataset, checkedBy: 'system:support' },
      'checkedBy',
    ],
    ['R-GDPR-2: a period ending before it starts', ProcessingLogRequest, { insee: '92012', from: '2024-03-01', to: '2024-02-01' }, 'from'],
    ['R-GDPR-2: a log cursor that is no position', ProcessingLogRequest, { insee: '92012', after: 'abc' }, 'after'],
    [
      'R-GDPR-3: an agent id that could not name a key',
      RegisterAgentRequest,
      { agentId: 'a x', fullName: 'X', joinedOn: '2024-02-01' },
      'agentId',
    ],
    ['R-GDPR-3: an impossible arrival date', RegisterAgentRequest, { agentId: 'a-1', fullName: 'X', joinedOn: '2024-02-30' }, 'joinedOn'],
    [
      'R-GDPR-3: an impossible training date',
      RecordGdprTrainingRequest,
      { agentId: 'a-1', trainedOn: '2024-02-30', course: 'RGPD' },
      'trainedOn',
    ],
    ['R-GDPR-3: more than ten years ahead', AgentsDueRequest, { withinDays: 3661 }, 'withinDays'],
    ['R-GDPR-3: a due cursor with an impossible date', AgentsDueRequest, { after: '2024-13-45~a-1' }, 'after'],
    [
      'R-GDPR-1: a subject id that cannot name a key',
      ErasePersonalDataRequest,
      { subjectId: 'jeanne dupont', reason: 'Demande' },
      'subjectId',
    ],
    [
      'R-SEC-1: an erasure naming who asks',
      ErasePersonalDataRequest,
      { subjectId: 'c-1', reason: 'Demande', requestedBy: 'dpd:92012:x' },
      'requestedBy',
    ],
  ])('%s is refused at its path', async (_, dto, input, path) => {
    expect(await pathsOf(dto, input)).toContain(path);
  });
});
