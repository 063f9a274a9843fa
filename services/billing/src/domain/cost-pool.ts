import { exact, roundToCents, type Cents } from './money.js';
import type { Pool, PoolCosts } from '@digit/contracts';

export type { Pool, PoolCosts };

export const POOLS: readonly Pool[] = ['sig', 'personnel', 'structure'];

/** Wording of the convention (articles 6.1 to 6.3), as printed on statements. */
export const POOL_LABELS: Readonly<Record<Pool, string>> = {
  sig: 'Frais opérationnels outils et données – SIG (art. 6.1)',
  personnel: 'Frais de personnels et assimilés (art. 6.2)',
  structure: 'Frais de structure (art. 6.3)',
};

/** The amounts the towns' shares apply to. */
export interface PoolBases {
  readonly sigOperationalCents: Cents;
  /** Payroll plus 4 % assimilated costs. */
  readonly personnelBaseCents: Cents;
  readonly structureFlatCents: Cents;
}

/** Article 6.2: assimilated costs are counted at 4 % of the payroll. */
export const ASSIMILATED_COSTS_RATE = '0.04';

/**
 * Personnel base = payroll × 1.04, rounded once with the billing rule: it is the line the
 * personnel share applies to. The seed's 358 000,00 € base is a payroll of 344 230,77 €.
 */
export const personnelBaseOf = (payrollCents: Cents): Cents =>
  roundToCents(exact(payrollCents).times(exact(1).plus(ASSIMILATED_COSTS_RATE)));

export const poolBasesOf = (costs: PoolCosts): PoolBases => ({
  sigOperationalCents: costs.sigOperationalCents,
  personnelBaseCents: personnelBaseOf(costs.payrollCents),
  structureFlatCents: costs.structureFlatCents,
});

export const baseOfPool = (bases: PoolBases, pool: Pool): Cents => {
  switch (pool) {
    case 'sig':
      return bases.sigOperationalCents;
    case 'personnel':
      return bases.personnelBaseCents;
    case 'structure':
      return bases.structureFlatCents;
  }
};
