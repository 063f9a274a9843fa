import type { ConventionStatus } from '@digit/contracts';
import type { Cell, Tone } from './dashboard-table.js';

export const CONVENTION_STATUS: Readonly<Record<ConventionStatus, { readonly label: string; readonly tone: Tone }>> = {
  draft: { label: 'projet', tone: 'secondary' },
  approved: { label: 'approuvée', tone: 'info' },
  signed: { label: 'signée', tone: 'info' },
  in_force: { label: 'en vigueur', tone: 'success' },
  notice_given: { label: 'préavis en cours', tone: 'warning' },
  terminated: { label: 'résiliée', tone: 'danger' },
  expired: { label: 'expirée', tone: 'danger' },
};

export const conventionStatusCell = (status: ConventionStatus | null): Cell =>
  status ? { text: CONVENTION_STATUS[status].label, tone: CONVENTION_STATUS[status].tone } : { text: 'aucune', tone: 'secondary' };
