import { isInsee, townName, type Insee, type VoirieError, type VoirieErrorCode } from '@digit/contracts';
import { validateVoirieOrder } from './validate-voirie-order.js';
import { ORDER_PATH, orderPath, type VoirieOrder } from './voirie-order.js';

/**
 * A message as it arrives on `digit.towns.<insee>.voirie.orders`, stripped of its transport:
 * the consumer copies the NATS headers into a plain record (names are matched ignoring case).
 */
export interface VoirieMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Largest body accepted: 64 KiB (65,536 bytes). A real order with its numbers fits in a few KiB;
 * the cap keeps a town from filling the registry or the validator's memory by mistake.
 */
export const MAX_ORDER_BYTES = 64 * 1024;

/** Stable English codes, for logs and metrics; the French messages are in `errors`. */
export type VoirieRejectionReason =
  'bad_subject' | 'wrong_content_type' | 'oversized' | 'not_utf8' | 'malformed_json' | 'other_town' | 'invalid_order';

/** What the message said it was, as sent, even invalid: what its outcome carries so that the town can match it. */
export interface SentIdentity {
  /** The body's `orderId` when it is a string, else the `Nats-Msg-Id` header, else null. */
  readonly orderId: string | null;
  /** The body's `reference` when it is a string, else null. */
  readonly reference: string | null;
}

export type ParsedVoirieMessage =
  | { readonly ok: true; readonly order: VoirieOrder }
  | {
      readonly ok: false;
      readonly reason: VoirieRejectionReason;
      /** Known when the body or the `Nats-Msg-Id` header carries a well-formed order id. */
      readonly orderId?: string;
      readonly sent: SentIdentity;
      readonly errors: readonly VoirieError[];
    };

/** An order nests 3 levels (order → numbers → number); deeper JSON is refused before any walk over it. */
const MAX_JSON_DEPTH = 8;

const SUBJECT = /^digit\.towns\.([^.]+)\.voirie\.orders$/;
const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * From raw bytes, subject and headers to a valid order, or every reason why not.
 * Never throws and never rejects: whatever arrives gets an answer (issue 5, fuzz test).
 * Nothing here stores anything; a refused message leaves no trace but its outcome.
 */
export const parseVoirieOrder = async (message: VoirieMessage): Promise<ParsedVoirieMessage> => {
  try {
    return await parse(message);
  } catch {
    return refuse(
      sentBy(message, undefined),
      'invalid_order',
      'VOIRIE_UNREADABLE',
      undefined,
      ORDER_PATH,
      'le message n’a pas pu être lu comme un arrêté de voirie : vérifiez qu’il suit CONTRACT.md',
    );
  }
};

const parse = async (message: VoirieMessage): Promise<ParsedVoirieMessage> => {
  const fromHeader = headerOrderId(message);
  const headerOnly = sentBy(message, undefined);
  const subjectInsee = SUBJECT.exec(message.subject)?.[1];
  if (subjectInsee === undefined || !isInsee(subjectInsee)) {
    return refuse(
      headerOnly,
      'bad_subject',
      'VOIRIE_BAD_SUBJECT',
      fromHeader,
      'subject',
      `le sujet « ${message.subject} » n’est pas celui d’une commune de GPSO : publiez sur digit.towns.<code INSEE>.voirie.orders`,
    );
  }
  const contentTypeProblem = contentTypeProblemOf(headerValues(message, 'Content-Type'));
  if (contentTypeProblem)
    return refuse(headerOnly, 'wrong_content_type', 'VOIRIE_WRONG_CONTENT_TYPE', fromHeader, 'headers.Content-Type', contentTypeProblem);
  if (message.data.byteLength > MAX_ORDER_BYTES) {
    return refuse(
      headerOnly,
      'oversized',
      'VOIRIE_TOO_LARGE',
      fromHeader,
      ORDER_PATH,
      `le message fait ${message.data.byteLength} octets ; un arrêté en fait au plus ${MAX_ORDER_BYTES} (64 Kio) : découpez la numérotation en plusieurs ordres`,
    );
  }
  const text = decodeUtf8(message.data);
  if (text === undefined)
    return refuse(
      headerOnly,
      'not_utf8',
      'VOIRIE_NOT_UTF8',
      fromHeader,
      ORDER_PATH,
      'le corps du message n’est pas encodé en UTF-8 : réencodez-le en UTF-8',
    );
  const body = parseJson(text);
  if (!body.ok) return refuse(headerOnly, 'malformed_json', 'VOIRIE_MALFORMED_JSON', fromHeader, ORDER_PATH, body.message);
  const sent = sentBy(message, body.value);
  if (exceedsDepth(body.value, MAX_JSON_DEPTH)) {
    return refuse(
      sent,
      'invalid_order',
      'VOIRIE_TOO_DEEP',
      orderIdOf(body.value) ?? fromHeader,
      ORDER_PATH,
      `le JSON est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux, ce qu’aucun arrêté ne demande : suivez la forme de CONTRACT.md`,
    );
  }

  const bodyOrderId = orderIdOf(body.value);
  const orderId = bodyOrderId ?? fromHeader;
  const bodyInsee = isObject(body.value) ? body.value.insee : undefined;
  if (typeof bodyInsee === 'string' && bodyInsee !== subjectInsee) {
    return refuse(sent, 'other_town', 'VOIRIE_OTHER_TOWN', orderId, orderPath('insee'), otherTownMessage(bodyInsee, subjectInsee));
  }

  const validation = await validateVoirieOrder(body.value);
  const msgIdProblems = msgIdMismatch(headerValues(message, 'Nats-Msg-Id'), bodyOrderId);
  if (validation.ok && msgIdProblems.length === 0) return { ok: true, order: validation.order };
  const errors = [...(validation.ok ? [] : validation.errors), ...msgIdProblems];
  return { ok: false, reason: 'invalid_order', ...(orderId === undefined ? {} : { orderId }), sent, errors };
};

const refuse = (
  sent: SentIdentity,
  reason: VoirieRejectionReason,
  code: VoirieErrorCode,
  orderId: string | undefined,
  path: string,
  message: string,
): ParsedVoirieMessage => ({ ok: false, reason, ...(orderId === undefined ? {} : { orderId }), sent, errors: [{ path, message, code }] });

const sentBy = (message: VoirieMessage, body: unknown): SentIdentity => {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const fields = isObject(body) ? body : {};
  return { orderId: text(fields.orderId) ?? headerValues(message, 'Nats-Msg-Id')[0] ?? null, reference: text(fields.reference) };
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const headerValues = (message: VoirieMessage, name: string): string[] => {
  const wanted = name.toLowerCase();
  return Object.entries(message.headers ?? {})
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, value]: [string, unknown]) => {
      if (typeof value === 'string') return [value];
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    });
};

const headerOrderId = (message: VoirieMessage): string | undefined =>
  headerValues(message, 'Nats-Msg-Id').find((value) => ORDER_ID.test(value));

const orderIdOf = (body: unknown): string | undefined =>
  isObject(body) && typeof body.orderId === 'string' && ORDER_ID.test(body.orderId) ? body.orderId : undefined;

/** No header is fine (NATS clients rarely set one); a header that says something else than JSON is not. */
const contentTypeProblemOf = (values: readonly string[]): string | undefined => {
  for (const value of values) {
    const [mediaType = '', ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
    if (mediaType !== 'application/json') {
      return `le type de contenu « ${value} » n’est pas accepté : envoyez du JSON avec l’en-tête Content-Type: application/json`;
    }
    const charset = parameters
      .find((parameter) => parameter.startsWith('charset='))
      ?.slice('charset='.length)
      .replace(/"/g, '');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return `le jeu de caractères « ${charset} » n’est pas accepté : envoyez du JSON en UTF-8 (Content-Type: application/json; charset=utf-8)`;
    }
  }
  return undefined;
};

const decodeUtf8 = (data: Uint8Array): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return undefined;
  }
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false; message: string } => {
  if (text.trim() === '') return { ok: false, message: 'le corps du message est vide : envoyez l’arrêté en JSON' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const near = position === undefined ? '' : ` (erreur vers le caractère ${position})`;
    return { ok: false, message: `le corps du message n’est pas un JSON valide${near} : vérifiez guillemets, virgules et accolades` };
  }
};

const otherTownMessage = (bodyInsee: string, subjectInsee: Insee): string => {
  const named = isInsee(bodyInsee) ? `${bodyInsee} (${townName(bodyInsee)})` : `« ${bodyInsee} »`;
  return `l’arrêté désigne la commune ${named} mais a été publié sur le sujet de ${subjectInsee} (${townName(subjectInsee)}) : une commune n’envoie que ses propres arrêtés (R-DX-3)`;
};

/** JetStream deduplicates on `Nats-Msg-Id`: it must be the order id, or two orders could shadow each other. */
const msgIdMismatch = (values: readonly string[], bodyOrderId: string | undefined): VoirieError[] => {
  if (bodyOrderId === undefined || values.length === 0 || values.every((value) => value === bodyOrderId)) return [];
  return [
    {
      code: 'VOIRIE_MSG_ID_MISMATCH',
      path: 'headers.Nats-Msg-Id',
      message: `l’en-tête Nats-Msg-Id (${values.join(', ')}) doit être égal à orderId (${bodyOrderId})`,
    },
  ];
};

/** Iterative, so that a hostile nesting cannot overflow the stack. */
const exceedsDepth = (root: unknown, limit: number): boolean => {
  const pending: Array<[unknown, number]> = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
};
