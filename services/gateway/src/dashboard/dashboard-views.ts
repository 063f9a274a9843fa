import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { Eta } from 'eta';
import { formatDateFr, formatInstantFr, formatMoneyFr } from '@digit/calendar';
import { assetUrl } from './dashboard-assets.js';

/** The templates sit beside src/ and dist/ (services/gateway/views): the sources and the build find them alike. */
const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));

/** Eta escapes every `<%= … %>` (autoEscape); `<%~ … %>` is kept for the layout's body and included partials. */
const eta = new Eta({ views: VIEWS, cache: true, autoEscape: true });

/** How the pages write dates, instants and money for a French reader (`07/12/2026`, `32 965,00 €`). */
export const fr = {
  date: (date: string | null | undefined): string => (date ? formatDateFr(date) : '—'),
  instant: (instant: string | null | undefined): string => (instant ? formatInstantFr(instant) : '—'),
  money: (cents: number | null | undefined): string => (cents === null || cents === undefined ? '—' : formatMoneyFr(cents)),
  count: (value: number): string => new Intl.NumberFormat('fr-FR').format(value).replace(/\u202f/g, '\u00a0'),
  /** A rate as a decimal string (`"0.077"`) → `7,7 %`, exactly. */
  percent: (rate: string): string => `${new Decimal(rate).times(100).toString().replace('.', ',')}\u00a0%`,
} as const;

/** A page or fragment of `views/`, with the French formats at hand as `it.fr` and the assets' addresses as `it.asset(name)`. */
export const renderView = (name: string, model: object): string => eta.render(name, { ...model, fr, asset: assetUrl });
