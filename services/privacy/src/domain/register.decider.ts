import {
  DomainError,
  isInsee,
  PERSONAL_DATA_HOLDINGS,
  PROCESSING_REFERENCE,
  townName,
  type Decider,
  type Decision,
  type ErrorDetail,
  type Insee,
  type PersonalDataHolding,
  type ProcessingStatus,
} from '@digit/contracts';
import { formatInstantFr } from '@digit/calendar';
import { instantProblem } from './instant-problem.js';
import { ficheGaps, ficheProblems, normalizeFiche, sameFiche, type ProcessingFiche } from './processing-fiche.js';
import type { RegisterCommand, RegisterEvent } from './register.events.js';

/** The statuses are public (libs/contracts): the register's answers show them. */
export type { ProcessingStatus };

export interface RegisteredProcessing {
  readonly reference: string;
  readonly fiche: ProcessingFiche;
  readonly status: ProcessingStatus;
  readonly declaredAt: string;
  readonly lastChangedAt: string;
  readonly validatedAt: string | null;
  readonly validatedBy: string | null;
  readonly withdrawnAt: string | null;
  /** Absent from processings recorded before retention periods existed: none set. */
  readonly retention?: RetentionRule | null;
}

/** How long a person's data is kept after their tenure ends, and which data of the system (art. 5(1)(e)). */
export interface RetentionRule {
  readonly days: number;
  readonly appliesTo: readonly PersonalDataHolding[];
  readonly setAt: string;
  readonly setBy: string;
}

/** A town's register of processing activities (R-GDPR-1), keyed by processing reference. */
export interface RegisterState {
  readonly insee: Insee | null;
  readonly processings: ReadonlyMap<string, RegisteredProcessing>;
}

export const initialRegisterState: RegisterState = { insee: null, processings: new Map() };

export const findProcessing = (state: RegisterState, reference: string): RegisteredProcessing | undefined =>
  state.processings.get(reference);

const townOf = (state: RegisterState): string => (state.insee ? townName(state.insee) : 'la commune');

const invalid = (details: readonly ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'invalid_register_command', 'La commande sur le registre contient des erreurs.', details);

const actorProblem = (actor: string, path: string): ErrorDetail[] =>
  actor?.trim() ? [] : [{ path, message: "indiquez qui agit (identifiant de l'agent ou du DPD)" }];

/** When and by whom, whatever the command: every register change is dated and signed. */
const stampOf = (command: RegisterCommand): { at: string; atPath: string; by: string; byPath: string } => {
  switch (command.type) {
    case 'DeclareProcessing':
      return { at: command.data.declaredAt, atPath: 'declaredAt', by: command.data.declaredBy, byPath: 'declaredBy' };
    case 'UpdateProcessing':
      return { at: command.data.updatedAt, atPath: 'updatedAt', by: command.data.updatedBy, byPath: 'updatedBy' };
    case 'ValidateProcessing':
      return { at: command.data.validatedAt, atPath: 'validatedAt', by: command.data.validatedBy, byPath: 'validatedBy' };
    case 'WithdrawProcessing':
      return { at: command.data.withdrawnAt, atPath: 'withdrawnAt', by: command.data.withdrawnBy, byPath: 'withdrawnBy' };
    case 'SetRetention':
      return { at: command.data.setAt, atPath: 'setAt', by: command.data.setBy, byPath: 'setBy' };
  }
};

/** Checks every command shares: the town, the reference, the instant and the actor. */
const commonProblems = (command: RegisterCommand, state: RegisterState): DomainError | null => {
  const { insee, reference } = command.data;
  if (!isInsee(insee)) return invalid([{ path: 'insee', message: `code INSEE inconnu « ${String(insee)} »` }]);
  if (state.insee !== null && state.insee !== insee) {
    return new DomainError(
      'conflict',
      'wrong_town',
      `Ce registre est celui de ${townName(state.insee)} (${state.insee}) ; la commande vise ${townName(insee)} (${insee}).`,
      [{ path: 'insee', message: 'chaque commune tient son propre registre' }],
    );
  }
  const stamp = stampOf(command);
  const problems = [
    // References of CSV rows reach the register without a request DTO: checked here for them.
    ...(PROCESSING_REFERENCE.test(reference ?? '')
      ? []
      : [
          {
            path: 'reference',
            message: 'référence invalide : 1 à 64 caractères parmi lettres, chiffres, « . », « _ », « / » et « - », par ex. TRT-2024-001',
          },
        ]),
    ...instantProblem(stamp.at, stamp.atPath),
    ...actorProblem(stamp.by, stamp.byPath),
  ];
  return problems.length > 0 ? invalid(problems) : null;
};

const unknownProcessing = (state: RegisterState, reference: string): DomainError =>
  new DomainError(
    'not_found',
    'processing_unknown',
    `Aucun traitement de référence « ${reference} » dans le registre de ${townOf(state)}.`,
    [{ path: 'reference', message: 'déclarez le traitement avant de le modifier, le valider ou le retirer' }],
  );

const withdrawn = (processing: RegisteredProcessing): DomainError =>
  new DomainError(
    'conflict',
    'processing_withdrawn',
    `Le traitement « ${processing.reference} » a été retiré du registre le ${formatInstantFr(processing.withdrawnAt!)} ; il ne peut plus être modifié ni validé.`,
    [{ path: 'reference', message: 'déclarez un nouveau traitement avec une nouvelle référence' }],
  );

const invalidFiche = (problems: readonly ErrorDetail[]): DomainError =>
  new DomainError('invalid', 'invalid_processing', 'La fiche du traitement contient des erreurs.', problems);

const decide = (command: RegisterCommand, state: RegisterState): Decision<RegisterEvent> => {
  const problem = commonProblems(command, state);
  if (problem) return problem;
  const existing = findProcessing(state, command.data.reference);

  switch (command.type) {
    case 'DeclareProcessing': {
      if (existing) {
        return new DomainError(
          'conflict',
          'processing_already_declared',
          `Le traitement « ${existing.reference} » est déjà inscrit au registre ; modifiez-le plutôt que de le déclarer à nouveau.`,
          [{ path: 'reference', message: 'référence déjà utilisée' }],
        );
      }
      const problems = ficheProblems(command.data.fiche);
      if (problems.length > 0) return invalidFiche(problems);
      return [{ type: 'ProcessingDeclared', data: { ...command.data, fiche: normalizeFiche(command.data.fiche) } }];
    }
    case 'UpdateProcessing': {
      if (!existing) return unknownProcessing(state, command.data.reference);
      if (existing.status === 'withdrawn') return withdrawn(existing);
      const problems = ficheProblems(command.data.fiche);
      if (problems.length > 0) return invalidFiche(problems);
      if (sameFiche(existing.fiche, command.data.fiche)) return [];
      return [
        {
          type: 'ProcessingUpdated',
          data: {
            ...command.data,
            fiche: normalizeFiche(command.data.fiche),
            validationLapsed: existing.status === 'validated',
          },
        },
      ];
    }
    case 'ValidateProcessing': {
      if (!existing) return unknownProcessing(state, command.data.reference);
      if (existing.status === 'withdrawn') return withdrawn(existing);
      if (existing.status === 'validated') return [];
      const gaps = ficheGaps(existing.fiche);
      if (gaps.length > 0) {
        return new DomainError(
          'conflict',
          'processing_incomplete',
          `Le traitement « ${existing.reference} » ne peut pas être validé : sa fiche est incomplète (art. 30 du RGPD).`,
          gaps,
        );
      }
      return [{ type: 'ProcessingValidated', data: command.data }];
    }
    case 'WithdrawProcessing': {
      if (!existing) return unknownProcessing(state, command.data.reference);
      if (existing.status === 'withdrawn') return [];
      if (!command.data.reason?.trim()) return invalid([{ path: 'reason', message: 'indiquez le motif du retrait' }]);
      return [{ type: 'ProcessingWithdrawn', data: { ...command.data, reason: command.data.reason.trim() } }];
    }
    case 'SetRetention': {
      if (!existing) return unknownProcessing(state, command.data.reference);
      if (existing.status === 'withdrawn') return withdrawn(existing);
      const { days, appliesTo } = command.data;
      const problems = [
        ...(Number.isInteger(days) && days >= 1 && days <= 36500
          ? []
          : [{ path: 'days', message: 'un nombre entier de jours entre 1 et 36500' }]),
        ...(appliesTo.length > 0 && appliesTo.every((holding) => (PERSONAL_DATA_HOLDINGS as readonly string[]).includes(holding))
          ? []
          : [{ path: 'appliesTo', message: `au moins une donnée parmi ${PERSONAL_DATA_HOLDINGS.join(', ')}` }]),
      ];
      if (problems.length > 0) return invalid(problems);
      const sorted = [...new Set(appliesTo)].sort();
      if (existing.retention && existing.retention.days === days && existing.retention.appliesTo.join() === sorted.join()) return [];
      return [{ type: 'RetentionPeriodSet', data: { ...command.data, appliesTo: sorted } }];
    }
    default: {
      const unexpected: never = command;
      throw new Error(`unknown register command ${JSON.stringify(unexpected)}`);
    }
  }
};

const withProcessing = (state: RegisterState, insee: Insee, processing: RegisteredProcessing): RegisterState => {
  const processings = new Map(state.processings);
  processings.set(processing.reference, processing);
  return { insee, processings };
};

const evolve = (state: RegisterState, event: RegisterEvent): RegisterState => {
  const { insee, reference } = event.data;
  const existing = findProcessing(state, reference);
  switch (event.type) {
    case 'ProcessingDeclared':
      return withProcessing(state, insee, {
        reference,
        fiche: event.data.fiche,
        status: 'draft',
        declaredAt: event.data.declaredAt,
        lastChangedAt: event.data.declaredAt,
        validatedAt: null,
        validatedBy: null,
        withdrawnAt: null,
      });
    case 'ProcessingUpdated':
      if (!existing) return state;
      return withProcessing(state, insee, {
        ...existing,
        fiche: event.data.fiche,
        status: 'draft',
        lastChangedAt: event.data.updatedAt,
        validatedAt: null,
        validatedBy: null,
      });
    case 'ProcessingValidated':
      if (!existing) return state;
      return withProcessing(state, insee, {
        ...existing,
        status: 'validated',
        lastChangedAt: event.data.validatedAt,
        validatedAt: event.data.validatedAt,
        validatedBy: event.data.validatedBy,
      });
    case 'ProcessingWithdrawn':
      if (!existing) return state;
      return withProcessing(state, insee, {
        ...existing,
        status: 'withdrawn',
        lastChangedAt: event.data.withdrawnAt,
        withdrawnAt: event.data.withdrawnAt,
      });
    case 'RetentionPeriodSet':
      if (!existing) return state;
      return withProcessing(state, insee, {
        ...existing,
        retention: { days: event.data.days, appliesTo: event.data.appliesTo, setAt: event.data.setAt, setBy: event.data.setBy },
      });
    default: {
      const unexpected: never = event;
      throw new Error(`unknown register event ${JSON.stringify(unexpected)}`);
    }
  }
};

/** The DPD register of one town, stream `dpd-register-<insee>` (R-GDPR-1, R-GDPR-2). */
export const registerDecider: Decider<RegisterCommand, RegisterEvent, RegisterState> = {
  initialState: initialRegisterState,
  decide,
  evolve,
};
