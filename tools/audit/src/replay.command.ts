import { writeFile } from 'node:fs/promises';
import { Temporal } from 'temporal-polyfill';
import type { StoredEvent } from '@digit/contracts';
import { jsonText, type EventStore } from '@digit/event-store';
import { foldStream, readModelOf } from './read-models-as-of.js';

/** `--as-of 2024-06-30` means the end of that day in Paris; an ISO instant with offset is taken as it is. */
export const parseAsOf = (text: string | undefined): { knownAt: Temporal.Instant; businessDate: string } => {
  if (!text) throw new Error('--as-of est obligatoire : une date AAAA-MM-JJ ou un instant ISO 8601 avec décalage');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = Temporal.PlainDate.from(text, { overflow: 'reject' });
    const knownAt = date.add({ days: 1 }).toZonedDateTime('Europe/Paris').toInstant().subtract({ nanoseconds: 1 });
    return { knownAt, businessDate: date.toString() };
  }
  const knownAt = Temporal.Instant.from(text);
  return { knownAt, businessDate: knownAt.toZonedDateTimeISO('Europe/Paris').toPlainDate().toString() };
};

// Maps and Sets inside domain states become plain JSON.
const jsonReplacer = (_key: string, value: unknown) =>
  value instanceof Map ? Object.fromEntries(value) : value instanceof Set ? [...value] : typeof value === 'bigint' ? value.toString() : value;

/**
 * Rebuilds, from the event store alone, every read model as it stood at an instant: only the
 * events recorded by then count, and "as of" views are read on that day (Europe/Paris).
 */
export const replayCommand = async (
  store: EventStore,
  options: { 'as-of'?: string; out?: string },
  out: (line: string) => void,
): Promise<number> => {
  const { knownAt, businessDate } = parseAsOf(options['as-of']);
  const byStream = new Map<string, StoredEvent[]>();
  let considered = 0;
  let lastPosition = 0n;
  for (let after = 0n; ; ) {
    const batch = await store.readAll({ after, limit: 2000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      after = event.position;
      if (Temporal.Instant.from(event.recordedAt.toISOString()).epochNanoseconds > knownAt.epochNanoseconds) continue;
      considered += 1;
      lastPosition = event.position;
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    }
  }
  const readModels: Record<string, Record<string, unknown>> = {};
  const unknownStreams: string[] = [];
  for (const [streamId, events] of byStream) {
    const entry = readModelOf(streamId);
    if (!entry) {
      unknownStreams.push(streamId);
      continue;
    }
    readModels[entry.context] ??= {};
    try {
      readModels[entry.context]![streamId] = entry.present(foldStream(entry, events), businessDate);
    } catch (error) {
      // A stream the rules cannot fold is itself a finding: say so and go on with the others.
      readModels[entry.context]![streamId] = { unreadable: (error as Error).message };
    }
  }
  const report = { asOf: knownAt.toString(), businessDate, eventsConsidered: considered, lastPosition: lastPosition.toString(), readModels, unknownStreams };
  // Written with a stack of its own: any depth the store holds (issue 18, no poison).
  const text = jsonText(report, { replacer: jsonReplacer, indent: 2, indentDepth: 64 });
  if (options.out) {
    await writeFile(options.out, `${text}\n`);
    out(`Modèles de lecture au ${businessDate} (${considered} événement(s) enregistré(s) jusqu'au ${knownAt.toString()}) écrits dans ${options.out}.`);
  } else {
    out(text);
  }
  if (considered === 0) out(`Aucun événement n'était enregistré à cet instant.`);
  return 0;
};
