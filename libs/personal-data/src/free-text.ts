import { decryptField, encryptField, PersonalDataIntegrityError, subjectIdOf, type SubjectKey } from './field-envelope.js';
import type { PersonIdentifiers } from './person-index.js';
import {
  EMAIL_PATTERN,
  foldFrench,
  FRENCH_FIRST_NAMES,
  FRENCH_PHONE_PATTERN,
  PLACE_WORDS,
  STREET_ADDRESS_PATTERN,
} from './personal-data-patterns.js';
import { replaceStrings, stringsIn } from './personal-data-seal.js';
import type { SubjectKeyStore } from './subject-key-store.js';

/**
 * Personal data inside free text (issue 15): what a town or a person types (a support need, a
 * reply, a committee note) is searched for persons' names, e-mails, phones and postal addresses;
 * each span found is sealed in place with the key of the person it belongs to, so the rest of the
 * text stays readable and erasing that person makes every copy of it unreadable.
 */
export type PersonalSpanKind = 'name' | 'email' | 'phone' | 'postal-address';

export interface PersonalSpan {
  readonly kind: PersonalSpanKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The spans of one person in a text, and what identifies them (for the person index). */
export interface PersonMention {
  readonly identifiers: PersonIdentifiers;
  readonly spans: readonly PersonalSpan[];
}

/** What an erased span reads as, for the French agents who read the text. */
export const ERASED_TEXT = '« [donnée effacée] »';

const global = (pattern: RegExp): RegExp => new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’-]*`;
const UPPER_WORD = String.raw`\p{Lu}[\p{Lu}'’-]+`;
const CIVILITY = String.raw`(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle)`;
/** "Mme Jeanne Martin": the civility stays in clear, the name is sealed. */
const CIVILITY_NAME = new RegExp(String.raw`(?<![\p{L}])${CIVILITY}\s+(${NAME_WORD}(?:\s+${NAME_WORD}){0,2})`, 'gu');
/** "Jeanne Martin", "Marie-Hélène DUPONT": a given name, then a capitalised word (a lookahead: "Rappeler Jeanne Martin" finds it). */
const GIVEN_THEN_NAME = new RegExp(String.raw`(?<![\p{L}])(?=((${NAME_WORD})\s+${NAME_WORD}(?:\s+${UPPER_WORD})?))`, 'gu');
/** "DUPONT Marie": an upper-case word, then a given name. */
const UPPER_THEN_GIVEN = new RegExp(String.raw`(?<![\p{L}])(?=((${UPPER_WORD})\s+(${NAME_WORD})))`, 'gu');
/** The street after its number and kind, up to punctuation or a line end, with a following postcode and town. */
const STREET_TAIL = /^[^\n,.;:()]{0,60}(?:,?\s*\d{5}\s+[\p{Lu}][\p{L}' -]{1,40})?/u;

const isGivenName = (word: string): boolean =>
  foldFrench(word)
    .split(/[-'’]/)
    .some((part) => FRENCH_FIRST_NAMES.has(part)) && /^\p{Lu}/u.test(word);

const precededByPlace = (text: string, start: number): boolean => {
  const before = foldFrench(text.slice(Math.max(0, start - 40), start)).match(/([a-z]+)[^a-z]*$/);
  return before !== null && PLACE_WORDS.has(before[1]!);
};

const nameSpans = (text: string): PersonalSpan[] => {
  const spans: PersonalSpan[] = [];
  const add = (start: number, value: string) => spans.push({ kind: 'name', start, end: start + value.length, text: value });
  for (const match of text.matchAll(CIVILITY_NAME)) add(match.index + match[0].length - match[1]!.length, match[1]!);
  for (const match of text.matchAll(GIVEN_THEN_NAME)) {
    if (isGivenName(match[2]!) && !precededByPlace(text, match.index)) add(match.index, match[1]!);
  }
  for (const match of text.matchAll(UPPER_THEN_GIVEN)) {
    if (isGivenName(match[3]!) && !isGivenName(match[2]!) && !precededByPlace(text, match.index)) add(match.index, match[1]!);
  }
  return spans;
};

/** "Octave Villebrumier (octave@…)", "Jean Dupont, 06 …": two capitalised words just before a contact name its person. */
const NAME_BEFORE_CONTACT = new RegExp(
  String.raw`(?<![\p{L}])(${NAME_WORD}[ \t]+${NAME_WORD})[ \t]*(?:[(,:–-]|au|tél\.?|tel\.?)?[ \t]*$`,
  'u',
);

const namesBeforeContacts = (text: string, contacts: readonly PersonalSpan[]): PersonalSpan[] =>
  contacts.flatMap((contact) => {
    const from = Math.max(0, contact.start - 60);
    const match = NAME_BEFORE_CONTACT.exec(text.slice(from, contact.start));
    if (!match || precededByPlace(text, from + match.index) || PLACE_WORDS.has(foldFrench(match[1]!.split(/\s/)[0]!))) return [];
    return [{ kind: 'name' as const, start: from + match.index, end: from + match.index + match[1]!.length, text: match[1]! }];
  });

/** Two or three capitalised words in a row, not a place: a name if the person index already knows it. */
const CAPITALISED_RUN = new RegExp(String.raw`(?<![\p{L}])(?=(${NAME_WORD}[ \t]+${NAME_WORD}(?:[ \t]+${NAME_WORD})?))`, 'gu');

/** The word runs of a text that may be a person's name known elsewhere (checked against the person index). */
export const nameCandidates = (text: string): PersonalSpan[] =>
  [...text.matchAll(CAPITALISED_RUN)].flatMap((match) => {
    const run = match[1]!;
    const words = [...run.matchAll(/\S+/g)];
    if (PLACE_WORDS.has(foldFrench(words[0]![0])) || precededByPlace(text, match.index)) return [];
    // "Hortense Quillebeuf est" and "Hortense Quillebeuf": both runs are candidates.
    return [...new Set([words.length, 2])].map((count) => {
      const last = words[count - 1]!;
      const value = run.slice(0, last.index + last[0].length);
      return { kind: 'name' as const, start: match.index, end: match.index + value.length, text: value };
    });
  });

const EMAIL_CHARACTER = /[A-Za-z0-9._%+-]/;
const EMAIL_AT = new RegExp(`^${EMAIL_PATTERN.source}$`);
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** E-mails found from each `@` outwards: linear in the text (the pattern alone backtracks on long words). */
const emailSpans = (text: string): PersonalSpan[] => {
  const spans: PersonalSpan[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && EMAIL_CHARACTER.test(text[start - 1]!)) start -= 1;
    const domain = DOMAIN.exec(text.slice(at + 1, at + 256))?.[0];
    if (!domain || start === at) continue;
    const value = text.slice(start, at + 1 + domain.length);
    if (EMAIL_AT.test(value)) spans.push({ kind: 'email', start, end: start + value.length, text: value });
  }
  return spans;
};

const spansOf = (text: string, pattern: RegExp, kind: PersonalSpanKind): PersonalSpan[] =>
  [...text.matchAll(global(pattern))].map((match) => ({ kind, start: match.index, end: match.index + match[0].length, text: match[0] }));

const addressSpans = (text: string): PersonalSpan[] =>
  [...text.matchAll(global(STREET_ADDRESS_PATTERN))].map((match) => {
    const end = match.index + match[0].length;
    const tail = STREET_TAIL.exec(text.slice(end))?.[0].trimEnd() ?? '';
    return {
      kind: 'postal-address' as const,
      start: match.index,
      end: end + tail.length,
      text: text.slice(match.index, end + tail.length),
    };
  });

/** Overlapping spans keep the earliest, then the longest (an e-mail holding a name stays one e-mail). */
const withoutOverlaps = (spans: readonly PersonalSpan[]): PersonalSpan[] => {
  const sorted = [...spans].sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: PersonalSpan[] = [];
  for (const span of sorted) if (!kept.some((other) => span.start < other.end && other.start < span.end)) kept.push(span);
  return kept;
};

/**
 * The personal data a free text holds: e-mails, French phone numbers, persons' names (a civility
 * or a French given name with a family name, or two capitalised words just before an e-mail or
 * a phone, or a name the person index already knows: `knownNames`; never a street, school or
 * square named after someone) and postal addresses, which count only in a text that names or reaches a person
 * (a street alone is a place).
 */
export const findPersonalSpans = (text: string, knownNames: readonly PersonalSpan[] = []): PersonalSpan[] => {
  const reaching = [...emailSpans(text), ...spansOf(text, FRENCH_PHONE_PATTERN, 'phone')];
  const contacts = withoutOverlaps([...reaching, ...nameSpans(text), ...namesBeforeContacts(text, reaching), ...knownNames]);
  if (contacts.length === 0) return [];
  return withoutOverlaps([...contacts, ...addressSpans(text)]);
};

/**
 * The spans of a text grouped by person: a name opens a person, the e-mails, phones and
 * addresses after it are theirs, until the next name (or a second e-mail or phone, which is
 * someone else's). Contacts written before any name are a person of their own: two people are
 * never joined under one key by a guess.
 */
export const personsIn = (text: string, knownNames: readonly PersonalSpan[] = []): PersonMention[] => {
  const groups: { identifiers: { email?: string; phone?: string; name?: string }; spans: PersonalSpan[] }[] = [];
  let current: (typeof groups)[number] | undefined;
  for (const span of findPersonalSpans(text, knownNames)) {
    const kind = span.kind === 'postal-address' ? undefined : span.kind;
    const opensPerson = current === undefined || span.kind === 'name' || (kind !== undefined && current.identifiers[kind] !== undefined);
    if (opensPerson) {
      current = { identifiers: {}, spans: [] };
      groups.push(current);
    }
    if (kind) current!.identifiers[kind] = span.text;
    current!.spans.push(span);
  }
  return groups.filter((group) => Object.keys(group.identifiers).length > 0);
};

/** An envelope inside a text, with the kind of data it holds in clear (so a check still knows what is there). */
const TOKEN =
  /⟦(name|email|phone|postal-address)\|(pd:v1:[A-Za-z0-9._-]{1,200}:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/]*={0,2})⟧/g;

export const holdsSealedSpans = (text: string): boolean => new RegExp(TOKEN.source).test(text);

/** The kinds of personal data a sealed text holds, read from its tokens without opening them. */
export const sealedSpanKinds = (text: string): PersonalSpanKind[] => [
  ...new Set([...text.matchAll(TOKEN)].map((match) => match[1] as PersonalSpanKind)),
];

/**
 * The text with each person's spans replaced by a token sealed with that person's key.
 * `subjectOf(person)` names the subject (the person index's); keys are created on first use.
 */
export const sealFreeText = async (
  text: string,
  subjectOf: (person: PersonMention) => Promise<string>,
  keyStore: SubjectKeyStore,
  /** Of the candidates (`nameCandidates`), the names of persons already known (the person index's). */
  knownNames: (candidates: readonly string[]) => Promise<ReadonlySet<string>> = async () => new Set(),
): Promise<{ text: string; persons: number }> => {
  const candidates = nameCandidates(text);
  const known = candidates.length === 0 ? new Set<string>() : await knownNames([...new Set(candidates.map(({ text: name }) => name))]);
  const persons = personsIn(
    text,
    candidates.filter(({ text: name }) => known.has(name)),
  );
  if (persons.length === 0) return { text, persons: 0 };
  const sealed: { span: PersonalSpan; token: string }[] = [];
  for (const person of persons) {
    const subjectId = await subjectOf(person);
    const key: SubjectKey = await keyStore.create(subjectId);
    for (const span of person.spans) sealed.push({ span, token: `⟦${span.kind}|${encryptField(span.text, key, subjectId)}⟧` });
  }
  sealed.sort((left, right) => right.span.start - left.span.start);
  let result = text;
  for (const { span, token } of sealed) result = `${result.slice(0, span.start)}${token}${result.slice(span.end)}`;
  return { text: result, persons: persons.length };
};

/**
 * The text with its tokens opened: the person's words in clear, « [donnée effacée] » once their
 * key is destroyed. A token that does not open (no key here, altered, or typed as such by someone)
 * stays as it is.
 */
export const openFreeText = async (text: string, keyStore: SubjectKeyStore): Promise<string> => {
  const matches = [...text.matchAll(TOKEN)];
  if (matches.length === 0) return text;
  const keys = new Map<string, SubjectKey | 'erased' | undefined>();
  for (const match of matches) {
    const subjectId = subjectIdOf(match[2]!);
    if (keys.has(subjectId)) continue;
    const key = await keyStore.get(subjectId);
    keys.set(subjectId, key ?? ((await keyStore.isErased(subjectId)) ? 'erased' : undefined));
  }
  return text.replace(TOKEN, (token, _kind: string, envelope: string) => {
    const key = keys.get(subjectIdOf(envelope));
    if (key === 'erased') return ERASED_TEXT;
    // A key this store never held (an auditors' replay without the keys): the text stays sealed.
    if (!key) return token;
    try {
      return decryptField(envelope, key);
    } catch (error) {
      if (error instanceof PersonalDataIntegrityError) return token;
      throw error;
    }
  });
};

/** Every text of a JSON value with its tokens opened (a reply before it leaves the service), as a copy. */
export const openSealedTexts = async <T>(value: T, keyStore: SubjectKeyStore): Promise<T> => {
  const texts = stringsIn(value, holdsSealedSpans);
  if (texts.length === 0) return value;
  const opened = new Map<string, string>();
  for (const text of texts) if (!opened.has(text)) opened.set(text, await openFreeText(text, keyStore));
  return replaceStrings(value, (text) => opened.get(text) ?? text) as T;
};
