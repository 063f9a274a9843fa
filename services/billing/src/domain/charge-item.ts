/** A line waiting for a town's statement (R-BIL-4, R-BIL-5, R-BIL-7, R-BIL-8); its shape is public (libs/contracts billing-views.ts). */
import type { ChargeKind, ChargeItem } from '@digit/contracts';

export type { ChargeKind, ChargeItem };

export const itemOf = ({ itemId, kind, label, amountCents }: ChargeItem): ChargeItem => ({ itemId, kind, label, amountCents });
