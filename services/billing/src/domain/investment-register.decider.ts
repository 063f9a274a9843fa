import { DomainError, type Decider, type Decision } from '@digit/contracts';
import { formatDateFr } from '@digit/calendar';
import { checkInvestment, type Investment } from './depreciation.js';
import { checkDate, invalid, type Details } from './input-checks.js';
import type { RegisteredInvestment } from '@digit/contracts';

export type { RegisteredInvestment };

/**
 * The EPT's register of investments made for the shared service (R-BIL-7): one stream for the
 * whole register. Each line is recorded once; a town that terminates at its own request owes
 * its usage share of those that are not yet depreciated (depreciation.ts).
 */
export const INVESTMENT_REGISTER_STREAM = 'investment-register';

export type InvestmentRegisterCommand = { readonly type: 'RegisterInvestment'; readonly data: RegisteredInvestment };
export type InvestmentRegisterEvent = { readonly type: 'InvestmentRegistered'; readonly data: RegisteredInvestment };

export interface InvestmentRegisterState {
  readonly investments: readonly RegisteredInvestment[];
}

const sameInvestment = (a: Investment, b: Investment): boolean =>
  a.asset === b.asset && a.costCents === b.costCents && a.startYear === b.startYear && a.depreciationYears === b.depreciationYears;

const register = (data: RegisteredInvestment, state: InvestmentRegisterState): Decision<InvestmentRegisterEvent> => {
  const details: Details = [];
  checkInvestment(details, '', data);
  if (data.costCents === 0) details.push({ path: 'costCents', message: 'un investissement a un coût strictement positif' });
  checkDate(details, 'recordedOn', data.recordedOn);
  const error = invalid('invalid_investment', "L'investissement est refusé : corrigez les valeurs indiquées.", details);
  if (error) return error;
  const existing = state.investments.find((investment) => investment.assetId === data.assetId);
  // The same line sent again (a retried request) changes nothing; a different one never replaces it.
  if (existing && sameInvestment(existing, data)) return [];
  if (existing) {
    return new DomainError(
      'conflict',
      'investment_already_registered',
      `L'investissement ${data.assetId} (« ${existing.asset} ») est inscrit au registre depuis le ${formatDateFr(existing.recordedOn)} avec d'autres valeurs ; il ne peut pas être remplacé.`,
      [{ path: 'assetId', message: 'identifiant déjà utilisé' }],
    );
  }
  const { assetId, asset, costCents, startYear, depreciationYears, recordedOn } = data;
  return [{ type: 'InvestmentRegistered', data: { assetId, asset, costCents, startYear, depreciationYears, recordedOn } }];
};

export const investmentRegisterDecider: Decider<InvestmentRegisterCommand, InvestmentRegisterEvent, InvestmentRegisterState> = {
  initialState: { investments: [] },
  decide: (command, state) => register(command.data, state),
  evolve: (state, event) => ({ investments: [...state.investments, event.data] }),
};
