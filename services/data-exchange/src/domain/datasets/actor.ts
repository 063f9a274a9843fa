import { isInsee, type Insee } from '@digit/contracts';

/**
 * Who issues a dataset command. Commands carry it as a string:
 * `town:<insee>` (a town's staff or DSI), `digit:<login>` (a DIGIT agent),
 * `system:privacy` (the privacy service reporting a register check, R-GDPR-2).
 */
export type DatasetActor =
  | { readonly kind: 'town'; readonly insee: Insee }
  | { readonly kind: 'digit'; readonly login: string }
  | { readonly kind: 'privacy-service' };

const DIGIT_LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const parseDatasetActor = (actor: string): DatasetActor | undefined => {
  if (actor === 'system:privacy') return { kind: 'privacy-service' };
  const [kind, id, ...rest] = actor.split(':');
  if (rest.length > 0 || id === undefined) return undefined;
  if (kind === 'town' && isInsee(id)) return { kind: 'town', insee: id };
  if (kind === 'digit' && DIGIT_LOGIN.test(id)) return { kind: 'digit', login: id };
  return undefined;
};
