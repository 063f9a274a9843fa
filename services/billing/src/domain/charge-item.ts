import type { Cents } from './money.js';

/**
 * A line waiting for a town's statement, beyond its yearly share: a complex-project charge the
 * follow-up committee approved (R-BIL-8), a regularisation it decided (R-BIL-5), or the
 * depreciation share of an early termination (R-BIL-7). Negative amounts are owed to the town.
 */
export type ChargeKind = 'complex-project-charge' | 'reconciliation-adjustment' | 'depreciation-share';

export interface ChargeItem {
  readonly itemId: string;
  readonly kind: ChargeKind;
  readonly label: string;
  readonly amountCents: Cents;
}

export const itemOf = ({ itemId, kind, label, amountCents }: ChargeItem): ChargeItem => ({ itemId, kind, label, amountCents });
