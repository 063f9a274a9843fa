import type { ErrorDetail } from '../decider.js';

/**
 * The stable `code` of every error an outcome on `digit.towns.<insee>.voirie.outcomes` can carry
 * (CONTRACT.md "Integrators and auditors (v1.1)", issue 16): for programs, beside the `path` and
 * the French `message` a person reads. Documented one by one in the AsyncAPI document. A code
 * never changes meaning; new ones may be added.
 */
export const VOIRIE_ERROR_CODES = {
  // The message itself (nothing could be read as an order).
  VOIRIE_BAD_SUBJECT: 'le sujet n’est pas digit.towns.<code INSEE de GPSO>.voirie.orders',
  VOIRIE_WRONG_CONTENT_TYPE: 'l’en-tête Content-Type dit autre chose que application/json en UTF-8',
  VOIRIE_TOO_LARGE: 'le message dépasse 64 Kio',
  VOIRIE_NOT_UTF8: 'le corps n’est pas encodé en UTF-8',
  VOIRIE_MALFORMED_JSON: 'le corps n’est pas un JSON valide (ou il est vide)',
  VOIRIE_TOO_DEEP: 'le JSON est imbriqué plus profondément qu’un arrêté ne l’est',
  VOIRIE_OTHER_TOWN: 'l’arrêté désigne une autre commune que celle du sujet (R-DX-3)',
  VOIRIE_MSG_ID_MISMATCH: 'l’en-tête Nats-Msg-Id diffère de orderId',
  VOIRIE_UNREADABLE: 'le message n’a pas pu être lu comme un arrêté',
  // One field (its path says which).
  VOIRIE_REQUIRED: 'champ obligatoire absent ou null',
  VOIRIE_WRONG_TYPE: 'type JSON inattendu (texte, nombre, objet ou liste)',
  VOIRIE_UNKNOWN_FIELD: 'champ qui n’existe pas dans le contrat',
  VOIRIE_INVALID_TEXT: 'texte vide, entouré d’espaces, ou avec un caractère de contrôle, illisible (�) ou invalide',
  VOIRIE_TOO_SHORT: 'texte trop court',
  VOIRIE_TOO_LONG: 'texte trop long',
  VOIRIE_INVALID_FORMAT: 'forme non acceptée (orderId : UUID en minuscules ; suffixe : lettres et chiffres)',
  VOIRIE_INVALID_DATE: 'date qui n’est pas AAAA-MM-JJ, qui n’existe pas, ou avant 1800',
  VOIRIE_UNKNOWN_VALUE: 'valeur hors de la liste admise (insee, kind, road.type, direction)',
  VOIRIE_OUT_OF_RANGE: 'nombre hors de ses bornes (numéro 1 à 9999, année, degrés)',
  VOIRIE_INVALID_ROAD_ID: 'code de voie qui n’est pas <insee>_<4 chiffres ou lettres majuscules>, ou 0000 / XXXX',
  VOIRIE_TOO_MANY_NUMBERS: 'plus de 1000 numéros dans un arrêté',
  VOIRIE_OUT_OF_BOUNDS: 'hors des limites de toute requête : caractère NUL, demi-caractère Unicode isolé, nombre au-delà de 2^53',
  // Fields together.
  VOIRIE_MISSING_FOR_KIND: 'champ exigé par ce type d’arrêté (previousName, numbers, direction)',
  VOIRIE_NOT_FOR_KIND: 'champ sans objet pour ce type d’arrêté',
  VOIRIE_ROAD_OF_OTHER_TOWN: 'le code de voie appartient à une autre commune',
  VOIRIE_SAME_NAME: 'le nouveau nom est l’ancien',
  VOIRIE_DUPLICATE_NUMBER: 'un numéro figure deux fois',
  VOIRIE_OUTSIDE_TOWN: 'le point d’un numéro est hors de la commune (ou lon et lat inversées)',
  VOIRIE_EFFECTIVE_BEFORE_SIGNATURE: 'la date d’effet précède la date de signature',
  // The registry's state (R-DX-1, R-DX-2).
  VOIRIE_SIGNED_AFTER_RECEIPT: 'signé après sa réception par DIGIT',
  VOIRIE_ROAD_EXISTS: 'création d’une voie qui existe déjà',
  VOIRIE_UNKNOWN_ROAD: 'voie inconnue du registre (ni créée par un arrêté ni dans la base adresse importée)',
  VOIRIE_BEFORE_ROAD_CREATION: 'prend effet avant la création de la voie',
  VOIRIE_PREVIOUS_NAME_MISMATCH: 'previousName n’est pas le nom de la voie à la date d’effet',
  VOIRIE_ROAD_NAME_MISMATCH: 'road.name n’est pas le nom de la voie au registre à la date d’effet (le message donne les deux)',
  VOIRIE_BAD_RECEIPT_TIME: 'heure de réception invalide (erreur de DIGIT, pas de la ville : signalez-la)',
  VOIRIE_DUPLICATE_ORDER: 'cet orderId a déjà été traité : rien ne change (statut duplicate)',
  VOIRIE_ORDER_REJECTED: 'refus du registre sans code plus précis',
} as const;

export type VoirieErrorCode = keyof typeof VOIRIE_ERROR_CODES;

/** One reason an order was refused: where, why in French, and the code a program reads. */
export interface VoirieError extends ErrorDetail {
  readonly code: VoirieErrorCode;
}

export const isVoirieErrorCode = (value: unknown): value is VoirieErrorCode => typeof value === 'string' && value in VOIRIE_ERROR_CODES;
