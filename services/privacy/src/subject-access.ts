import { sql } from 'kysely';
import { formatInstantFr } from '@digit/calendar';
import type { Insee, StoredEvent, SubjectAccessItemView } from '@digit/contracts';
import { decryptField, ERASED, isEncryptedField, type PersonIdentifiers } from '@digit/personal-data';
import type { ServiceInfra } from '@digit/runtime';

/** A person found in the person index: their subject id and the identifiers that found them. */
export interface FoundSubject {
  readonly subjectId: string;
  readonly foundBy: readonly string[];
}

const KIND_LABELS: Readonly<Record<string, string>> = { email: 'courriel', phone: 'téléphone', name: 'nom' };

/** What each context holds, and why (the mission it serves), by stream id prefix. */
const CONTEXTS: readonly {
  readonly prefix: string;
  readonly service: string;
  readonly why: string;
  readonly holding?: 'convention-contacts';
}[] = [
  {
    prefix: 'convention-',
    service: 'Conventions',
    why: 'Exécution de la convention : les contacts nommés par la ville (R-CON-8)',
    holding: 'convention-contacts',
  },
  { prefix: 'request-', service: 'Assistance', why: 'Assistance aux utilisateurs de la ville (R-SUP-1)' },
  { prefix: 'project-', service: 'Assistance', why: 'Accompagnement des projets SIG et Open Data de la ville (R-SUP-2)' },
  { prefix: 'committee-', service: 'Assistance', why: 'Comités de suivi de la convention (R-SUP-6)' },
  { prefix: 'dispute-', service: 'Assistance', why: 'Traitement des différends (R-SUP)' },
  { prefix: 'session-', service: 'Assistance', why: 'Ateliers et formations (R-SUP-5)' },
  { prefix: 'dataset-', service: 'Échange de données', why: 'Intégration des jeux de données de la ville (R-DX)' },
  { prefix: 'metadata-record-', service: 'Échange de données', why: 'Métadonnées des jeux de données de la ville (R-DX)' },
  { prefix: 'dpd-register-', service: 'RGPD', why: 'Tenue du registre des traitements du DPD (R-GDPR-1)' },
  { prefix: 'privacy-training', service: 'RGPD', why: 'Suivi de la formation RGPD des agents de la DIGIT (R-GDPR-3)' },
];
const contextOf = (streamId: string) =>
  CONTEXTS.find((context) => streamId.startsWith(context.prefix)) ?? {
    prefix: '',
    service: 'Autre',
    why: 'Mission de la DIGIT pour la ville',
  };

/** The persons these identifiers name, from the person index (keyed hashes: no identifier is searched in clear). */
export const findSubjects = async (infra: ServiceInfra, identifiers: PersonIdentifiers): Promise<FoundSubject[]> => {
  const found = new Map<string, Set<string>>();
  for (const match of await infra.personIndex.find(identifiers))
    found.set(match.subjectId, (found.get(match.subjectId) ?? new Set()).add(KIND_LABELS[match.kind] ?? match.kind));
  return [...found].map(([subjectId, kinds]) => ({ subjectId, foundBy: [...kinds].sort() }));
};

const SPAN = /⟦(name|email|phone|postal-address)\|(pd:v1:([A-Za-z0-9._-]{1,200}):[A-Za-z0-9+/=:]*)⟧/g;

/** A free text with the subject's spans opened, other persons' spans hidden. */
const openSpans = (text: string, subjectId: string, open: (envelope: string) => string): string =>
  text.replace(SPAN, (_token: string, _kind: string, envelope: string, owner: string) =>
    owner === subjectId ? open(envelope) : '[autre personne]',
  );

/** Every string inside a value, by dotted path. */
const stringsOf = (value: unknown, path = ''): { path: string; text: string }[] => {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsOf(item, path ? `${path}.${index}` : String(index)));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => stringsOf(item, path ? `${path}.${key}` : key));
  return [];
};

/**
 * Every piece of the subject's data the event store holds, in the town's records only: each sealed
 * field or span of theirs opened with their key (`erased` once it is gone; other persons' spans in
 * the same text stay hidden). The store is the record of authority: every read model derives from it.
 */
export const subjectItems = async (
  infra: ServiceInfra,
  insee: Insee,
  subject: FoundSubject,
  whyOf: (holding: string | undefined) => string | undefined,
): Promise<SubjectAccessItemView[]> => {
  const marker = `pd:v1:${subject.subjectId}:`;
  const { rows } = await sql<{ position: string; stream_id: string; type: string; recorded_at: Date; data: unknown }>`
    select position, stream_id, type, recorded_at, data from ${sql.table(`${infra.store.schema}.events`)}
    where strpos(data::text, ${marker}) > 0 order by position`.execute(infra.db);
  const key = await infra.keyStore.get(subject.subjectId);
  const open = (envelope: string): string => (key ? decryptField(envelope, key) : ERASED);
  // A sealed field holds its value as JSON (personal-data-seal); a span holds the text itself.
  const openField = (envelope: string): string => {
    const opened = open(envelope);
    if (opened === ERASED) return opened;
    const value: unknown = JSON.parse(opened);
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const townOfStream = new Map<string, string | undefined>();
  const items: SubjectAccessItemView[] = [];
  for (const row of rows) {
    if (!townOfStream.has(row.stream_id)) {
      const first = (await infra.store.readStream(row.stream_id)).find(
        (event: StoredEvent) => typeof (event.data as { insee?: unknown }).insee === 'string',
      );
      townOfStream.set(row.stream_id, first ? (first.data as { insee: string }).insee : undefined);
    }
    if (townOfStream.get(row.stream_id) !== insee) continue;
    const context = contextOf(row.stream_id);
    for (const { path, text } of stringsOf(row.data)) {
      if (!text.includes(marker)) continue;
      const value = isEncryptedField(text) ? openField(text) : openSpans(text, subject.subjectId, open);
      items.push({
        subjectId: subject.subjectId,
        what: `${row.type} — champ ${path}`,
        where: `${context.service} — ${row.stream_id} (événement n° ${row.position})`,
        why: whyOf(context.holding) ?? context.why,
        since: formatInstantFr(row.recorded_at.toISOString()),
        value,
      });
    }
  }
  return items;
};
