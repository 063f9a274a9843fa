import { Temporal } from 'temporal-polyfill';

/** Business time is Europe/Paris (CONTRACT.md): "today" for a status is the Paris calendar day. */
export const parisToday = (): string => Temporal.Now.plainDateISO('Europe/Paris').toString();
