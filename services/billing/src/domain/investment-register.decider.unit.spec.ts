import { deciderSpec } from '@digit/testing';
import { investmentRegisterDecider, type InvestmentRegisterEvent, type RegisteredInvestment } from './investment-register.decider.js';

const server: RegisteredInvestment = {
  assetId: 'srv-2024',
  asset: 'Serveur SIG web',
  costCents: 2_400_000,
  startYear: 2024,
  depreciationYears: 4,
  recordedOn: '2024-02-01',
};
const registered: InvestmentRegisterEvent = { type: 'InvestmentRegistered', data: server };

describe('investment register (R-BIL-7)', () => {
  const spec = deciderSpec(investmentRegisterDecider);

  it('R-BIL-7: an investment is entered in the register with its cost, start year and depreciation years', () => {
    spec.given([]).when({ type: 'RegisterInvestment', data: server }).then([registered]);
  });

  it('R-BIL-7: the same line sent again records nothing', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterInvestment', data: { ...server, recordedOn: '2024-03-01' } })
      .then([]);
  });

  it('R-BIL-7: another line under the same id is refused, the register keeps the first', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterInvestment', data: { ...server, costCents: 2_500_000 } })
      .thenError('investment_already_registered', 'srv-2024');
  });

  it.each([
    ['costCents', -1, 'centimes'],
    ['costCents', 0, 'strictement positif'],
    ['costCents', 10.5, 'centimes'],
    ['depreciationYears', 0, "durée d'amortissement"],
    ['startYear', 1999, "l'année"],
    ['asset', ' ', 'obligatoire'],
    ['recordedOn', '2024-02-30', 'AAAA-MM-JJ'],
  ])('R-BIL-3: %s = %p is refused with one clear detail and nothing recorded', (field, value, message) => {
    const error = spec
      .given([])
      .when({ type: 'RegisterInvestment', data: { ...server, [field]: value } })
      .thenError('invalid_investment');
    expect(error.details).toEqual([{ path: field, message: expect.stringContaining(message) }]);
  });
});
