import { DomainError, type Decider, type Decision, type DomainEvent, type ErrorDetail } from '@digit/contracts';
import { instantProblem } from './instant-problem.js';
import { detectPersonalData } from './personal-data-detection.js';

/** One stream per erased person: an erasure is recorded once, whoever asks again. */
export const ERASURE_STREAM_PREFIX = 'privacy-erasure-';
export const erasureStreamId = (subjectId: string): string => `${ERASURE_STREAM_PREFIX}${subjectId}`;

interface ErasureData {
  readonly erasureId: string;
  /** The person's id in the events that hold their data (contact personId, agentId). */
  readonly subjectId: string;
  readonly requestedBy: string;
  readonly reason: string;
  readonly requestedAt: string;
  /** False when the person had no key left (nothing sealed yet): the tombstone still forbids one. */
  readonly keyDestroyed: boolean;
}

/**
 * RGPD art. 17 in an immutable store: the person's key is destroyed (crypto-shredding), so
 * every sealed field of theirs reads as erased; read models drop what they derived from it.
 */
export type PersonalDataErased = DomainEvent<'PersonalDataErased', ErasureData>;
export type ErasePersonalData = DomainEvent<'ErasePersonalData', ErasureData>;

export interface ErasureState {
  readonly erasure: ErasureData | null;
}

/** The subject id's alphabet and the texts' lengths are the request's (ErasePersonalDataRequest, libs/contracts). */
const problemsOf = (data: ErasureData): ErrorDetail[] => {
  const text = (value: unknown, path: string, missing: string): ErrorDetail[] =>
    typeof value === 'string' && value.trim() ? [] : [{ path, message: missing }];
  const reasonProblems = text(
    data.reason,
    'reason',
    "indiquez le motif de l'effacement (par ex. « demande de la personne, art. 17 du RGPD »)",
  );
  // The reason stays in clear in the history: it must not name the person it erases (R-GDPR-4: free text is checked like any data).
  const personal = reasonProblems.length === 0 ? detectPersonalData({ records: [{ reason: data.reason }] }).categories : [];
  return [
    ...text(data.requestedBy, 'requestedBy', "indiquez qui demande l'effacement"),
    ...reasonProblems,
    ...(personal.length > 0
      ? [
          {
            path: 'reason',
            message:
              "le motif ne doit contenir aucune donnée personnelle (nom, adresse électronique, téléphone) : il reste lisible dans l'historique",
          },
        ]
      : []),
    ...instantProblem(data.requestedAt, 'requestedAt'),
  ];
};

const decide = (command: ErasePersonalData, state: ErasureState): Decision<PersonalDataErased> => {
  const problems = problemsOf(command.data);
  if (problems.length > 0)
    return new DomainError('invalid', 'invalid_erasure_request', "La demande d'effacement contient des erreurs.", problems);
  if (state.erasure) return [];
  return [
    {
      type: 'PersonalDataErased',
      data: { ...command.data, requestedBy: command.data.requestedBy.trim(), reason: command.data.reason.trim() },
    },
  ];
};

const evolve = (state: ErasureState, event: PersonalDataErased): ErasureState => (state.erasure ? state : { erasure: event.data });

/** Stream `privacy-erasure-<subjectId>` (R-GDPR-1, RGPD art. 17). */
export const erasureDecider: Decider<ErasePersonalData, PersonalDataErased, ErasureState> = {
  initialState: { erasure: null },
  decide,
  evolve,
};
