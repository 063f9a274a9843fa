import { validateDto } from '../validation.js';
import {
  DecideNewForecastRequest,
  DecideNewRateRequest,
  DecideRegularisationRequest,
  InvestmentsRequest,
  IssueStatementRequest,
  RecordActualCostsRequest,
  RegisterInvestmentRequest,
  SetBudgetRequest,
  StatementRequest,
  TownChargesRequest,
} from './billing.requests.js';

const pathsOf = async (dto: new () => object, input: object): Promise<string[]> => {
  const result = await validateDto(dto, input);
  return result.ok ? [] : result.details.map((detail) => detail.path);
};

/** The seed's forecast: 137 000 € SIG, payroll 344 230,77 € (base 358 000 €), structure 63 000 €. */
const seed = { year: 2024, sigOperationalCents: 13_700_000, payrollCents: 34_423_077, structureFlatCents: 6_300_000 };
const investment = { assetId: 'srv-sig-1', asset: 'Serveur SIG web', costCents: 1_200_000, startYear: 2024, depreciationYears: 5 };
const regularisation = {
  year: 2024,
  insee: '92012',
  outcome: 'amended',
  amountCents: -10_960,
  committeeDate: '2025-09-12',
  committeeReference: 'CR-2025-09',
};

describe('billing requests: what is checked once, at the service’s edge (issue 17, issue 18)', () => {
  it.each<[string, new () => object, object]>([
    ['the seed budget (R-BIL-1)', SetBudgetRequest, seed],
    ['the largest budget accepted: 100 000 000,00 € a pool', SetBudgetRequest, { ...seed, sigOperationalCents: 10_000_000_000 }],
    ['a compte administratif (R-BIL-5)', RecordActualCostsRequest, { ...seed, closedOn: '2025-06-19' }],
    ['a second-half mémoire, dated', IssueStatementRequest, { insee: '92012', year: 2024, half: 2, issuedOn: '2025-01-06' }],
    ['an investment (R-BIL-7)', RegisterInvestmentRequest, investment],
    ['a regularisation owed to the town (R-BIL-5)', DecideRegularisationRequest, regularisation],
    ['a page of the register from a cursor', InvestmentsRequest, { limit: 1000, after: '42' }],
  ])('accepts %s', async (_, dto, input) => {
    expect(await pathsOf(dto, input)).toEqual([]);
  });

  it.each<[string, new () => object, object, string]>([
    ['issue 18: a budget of 9007199254740991 cents', SetBudgetRequest, { ...seed, payrollCents: 9_007_199_254_740_991 }, 'payrollCents'],
    [
      'issue 18: a budget just over 100 000 000,00 €',
      SetBudgetRequest,
      { ...seed, structureFlatCents: 10_000_000_001 },
      'structureFlatCents',
    ],
    ['R-BIL-3: a negative amount', SetBudgetRequest, { ...seed, sigOperationalCents: -1 }, 'sigOperationalCents'],
    ['R-BIL-3: a fractional amount', SetBudgetRequest, { ...seed, structureFlatCents: 6_300_000.5 }, 'structureFlatCents'],
    ['R-BIL-3: an amount as text', SetBudgetRequest, { ...seed, payrollCents: '34423077' }, 'payrollCents'],
    ['R-BIL-1: a year before 2000', SetBudgetRequest, { ...seed, year: 1999 }, 'year'],
    ['R-BIL-1: a year after 2099', SetBudgetRequest, { ...seed, year: 2100 }, 'year'],
    ['R-BIL-1: a year that is not whole', SetBudgetRequest, { ...seed, year: 2024.5 }, 'year'],
    ['R-BIL-1: a derived figure sent as input', SetBudgetRequest, { ...seed, personnelBaseCents: 1 }, 'personnelBaseCents'],
    ['R-BIL-5: a closing date that does not exist', RecordActualCostsRequest, { ...seed, closedOn: '2025-02-30' }, 'closedOn'],
    ['R-BIL-4: a third half', StatementRequest, { insee: '92012', year: 2024, half: 3 }, 'half'],
    ['R-BIL-4: a town outside GPSO', StatementRequest, { insee: '75056', year: 2024, half: 1 }, 'insee'],
    ['R-SEC-1: a body naming who acts', IssueStatementRequest, { insee: '92012', year: 2024, half: 1, actor: 'ops:x' }, 'actor'],
    [
      'issue 18: an investment of 9007199254740991 cents',
      RegisterInvestmentRequest,
      { ...investment, costCents: 9_007_199_254_740_991 },
      'costCents',
    ],
    ['issue 18: an asset name over 500 characters', RegisterInvestmentRequest, { ...investment, asset: 'x'.repeat(501) }, 'asset'],
    [
      'issue 18: a regularisation beyond -100 000 000,00 €',
      DecideRegularisationRequest,
      { ...regularisation, amountCents: -10_000_000_001 },
      'amountCents',
    ],
    [
      'issue 18: a committee reference over 500 characters',
      DecideRegularisationRequest,
      { ...regularisation, committeeReference: 'x'.repeat(501) },
      'committeeReference',
    ],
    [
      'issue 18: a decision over 2,000 characters',
      DecideNewRateRequest,
      { insee: '92012', actionId: 'new-rate-2026-avenant-1', decision: 'x'.repeat(2001) },
      'decision',
    ],
    ['R-BIL-5: an empty decision on the new forecast', DecideNewForecastRequest, { year: 2024, decision: '  ' }, 'decision'],
    [
      'R-BIL-5: an empty decision on the new rate',
      DecideNewRateRequest,
      { insee: '92012', actionId: 'new-rate-2026-avenant-1', decision: ' ' },
      'decision',
    ],
    ['R-BIL-5: an outcome the committee cannot give', DecideRegularisationRequest, { ...regularisation, outcome: 'postponed' }, 'outcome'],
    ['R-BIL-5: an action id with a slash', DecideNewRateRequest, { insee: '92012', actionId: 'a/b', decision: 'Taux 8 %' }, 'actionId'],
    ['CONTRACT.md v1.1: a page over 1,000', TownChargesRequest, { insee: '92012', limit: 1001 }, 'limit'],
    ['CONTRACT.md v1.1: a cursor that is not a rank', TownChargesRequest, { insee: '92012', after: 'abc' }, 'after'],
  ])('refuses %s, naming its path', async (_, dto, input, path) => {
    expect(await pathsOf(dto, input)).toContain(path);
  });
});
