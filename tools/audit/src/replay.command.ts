import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Temporal } from 'temporal-polyfill';
import { formatDateFr, parisDateOf, parisInstant } from '@digit/calendar';
import { INSEE_CODES, isInsee } from '@digit/contracts';
import { createEventStore, jsonText } from '@digit/event-store';
import { codeVersion } from '@digit/history-archive';
import { loadPublicKey, sealConfigFromEnv } from '@digit/history-seal';
import { isEncryptedField } from '@digit/personal-data';
import { createDatabase, findKeyEncryptionKey, schemaName, serviceConfigFromEnv } from '@digit/runtime';
import { askEverything, REPLAY_CALLER, type ReplayEntry } from './replay/ask-everything.js';
import { historyKeys } from './replay/history-keys.js';
import { HistoryAltered, type HistorySource } from './replay/history-copy.js';
import { QUERY_PLANS } from './replay/query-plans.js';
import { startReplayedSystem, type ReplayedSystem } from './replay/replayed-system.js';
import { frenchCount, parisTime } from './paris-time.js';

/** `--as-of 2024-06-30` means the end of that day in Paris; an ISO instant with offset is taken as it is. */
export const parseAsOf = (text: string | undefined): Temporal.Instant => {
  if (!text) throw new Error('--as-of est obligatoire : une date AAAA-MM-JJ ou un instant ISO 8601 avec décalage');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = Temporal.PlainDate.from(text, { overflow: 'reject' });
    return date.add({ days: 1 }).toZonedDateTime('Europe/Paris').toInstant().subtract({ milliseconds: 1 });
  }
  return Temporal.Instant.from(text);
};

export const REPLAY_FORMAT = 'digit-replay/1';

/** What a sealed field reads as in a replay made without the key-encryption key. */
export const SEALED = 'pd:sealed';

/** The two times of an audit, said in every replay (README "Auditors"). */
export const TWO_TIMES =
  "« Connu le » (knownAt) : ce que le système savait à cet instant, c'est-à-dire l'historique enregistré jusqu'à lui, relu par chaque service. " +
  "« En vigueur le » (businessDate, le jour de Paris de cet instant) : le « asOf » des vues à une date ; l'API en direct répond pour n'importe quelle date " +
  "avec tout ce qu'elle sait aujourd'hui, y compris ce qui a été enregistré après coup (un avenant saisi en retard, une délibération rectifiée).";

interface ReplayOptions {
  readonly 'as-of'?: string;
  readonly out?: string;
  readonly archive?: string;
  readonly insee?: string;
  readonly 'public-key'?: string;
  readonly serve?: boolean;
}

const personalDataStatement = (system: ReplayedSystem): string =>
  system.personalData.opened
    ? `champs personnels ouverts avec la clé de chiffrement des clés (${frenchCount(system.personalData.keys)} personne(s) ; ${frenchCount(system.personalData.erased)} effacée(s) à ce jour, lues « pd:erased »)`
    : `champs personnels scellés (« ${SEALED} ») : ${system.personalData.reason}`;

const header = async (
  system: ReplayedSystem,
  knownAt: string,
  businessDate: string,
  source: HistorySource,
  oneTown: string | undefined,
) => ({
  replay: REPLAY_FORMAT,
  times: { knownAt, businessDate, explanation: TWO_TIMES },
  source:
    source.kind === 'database'
      ? { kind: 'database', history: source.store.schema }
      : { kind: 'archive', file: source.file, verified: true },
  history: system.history,
  scope: { insee: oneTown ?? null },
  personalData: { opened: system.personalData.opened, statement: personalDataStatement(system) },
  caller: REPLAY_CALLER,
  omitted: QUERY_PLANS.flatMap((plan) => [
    ...Object.entries(plan.omitted).map(([message, reason]) => ({ service: plan.service, message, reason })),
    ...(oneTown
      ? plan.eptWide.map((message) => ({
          service: plan.service,
          message,
          reason: `porte sur l'EPT entier, pas sur la seule commune ${oneTown}`,
        }))
      : []),
  ]),
  codeVersion: await codeVersion(),
});

/** A line of the replay: deep values written without recursion; without the key, each envelope says it is sealed. */
const lineOf = (value: unknown, sealed: boolean): string =>
  jsonText(value, sealed ? { replacer: (_key: string, item: unknown) => (isEncryptedField(item) ? SEALED : item) } : {});

/** Where the lines go: a file written aside and renamed when whole, or the command's output. */
const lineSink = (file: string | undefined, out: (line: string) => void) => {
  if (!file) return { write: async (line: string) => out(line), commit: async () => undefined, abandon: async () => undefined };
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial);
  return {
    async write(line: string) {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    },
    async commit() {
      stream.end();
      await once(stream, 'finish');
      await rename(partial, file);
    },
    async abandon() {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
};

/** `--serve`: the replayed services stay up for one process (the dashboard's « connu le »), until its input ends or it is told to stop. */
const serve = async (system: ReplayedSystem, knownAt: string, out: (line: string) => void): Promise<number> => {
  out(jsonText({ ready: true, natsUrl: system.natsUrl, knownAt, history: system.history, personalData: personalDataStatement(system) }));
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve).once('close', resolve).resume();
    process.once('SIGTERM', resolve).once('SIGINT', resolve);
  });
  return 0;
};

/**
 * `replay --archive <file> | (the database) --as-of <instant> [--insee <insee>] [--out <file>]`
 * (issue 14): every read model of every service as the API would have answered at the instant.
 * The history recorded up to it is copied into schemas of the replay's own, the services run on
 * it in replay mode, and every query of every catalogue is asked as an auditor, for every town
 * (or one), page after page, `asOf` set to the instant's Paris date. JSON Lines: a header (the
 * two times, the history used, personal data, what is not asked and why), then one line per
 * question keyed by service, message and request, then the counts.
 */
export const replayCommand = async (options: ReplayOptions, env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> => {
  const knownAt = parseAsOf(options['as-of']);
  if (options.insee !== undefined && !isInsee(options.insee))
    throw new Error(`--insee attend le code INSEE d'une commune de GPSO (${INSEE_CODES.join(', ')}), pas « ${options.insee} »`);
  if (options.serve && options.out) throw new Error('--serve et --out ne vont pas ensemble');
  const config = serviceConfigFromEnv(env);
  const live = createDatabase(config.databaseUrl);
  const source: HistorySource = options.archive
    ? {
        kind: 'archive',
        file: options.archive,
        publicKey: options['public-key'] ? await loadPublicKey(sealConfigFromEnv(env), options['public-key']) : undefined,
      }
    : { kind: 'database', store: createEventStore({ db: live, schema: schemaName(config, 'event_store') }) };
  const instant = parisInstant(knownAt);
  const businessDate = parisDateOf(instant);
  // Ctrl-C (or a supervisor's stop) ends the replay between two steps, removing what it made.
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort(new Error('rejeu interrompu'));
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  let system: ReplayedSystem;
  try {
    system = await startReplayedSystem({
      databaseUrl: config.databaseUrl,
      livePrefix: config.schemaPrefix,
      source,
      knownAt: new Date(knownAt.epochMilliseconds),
      keyEncryptionKey: await findKeyEncryptionKey(config),
      signal: interrupted.signal,
    });
  } catch (error) {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    if (!(error instanceof HistoryAltered)) throw error;
    out(`Historique altéré, rejeu refusé : ${error.message}.`);
    return 1;
  } finally {
    await live.destroy();
  }
  try {
    if (options.serve) {
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
      return await serve(system, instant, out);
    }
    const oneTown = options.insee as (typeof INSEE_CODES)[number] | undefined;
    const sealed = !system.personalData.opened;
    const sink = lineSink(options.out, out);
    try {
      await sink.write(lineOf(await header(system, instant, businessDate, source, oneTown), sealed));
      const scope = { towns: oneTown ? [oneTown] : INSEE_CODES, oneTown, businessDate, history: historyKeys(system.infra.store) };
      const count = await askEverything(system.infra.bus, QUERY_PLANS, scope, (entry: ReplayEntry) => {
        interrupted.signal.throwIfAborted();
        return sink.write(lineOf(entry, sealed));
      });
      await sink.write(lineOf({ end: count }, sealed));
      await sink.commit();
      if (options.out) {
        out(
          `Rejeu « connu le ${parisTime(instant)} » (en vigueur le ${formatDateFr(businessDate)}) : ${frenchCount(system.history.events)} événement(s), jusqu'à la position ${system.history.lastPosition ?? '—'}.`,
        );
        out(
          `${frenchCount(count.answers)} réponse(s), ${frenchCount(count.refusals)} refus et ${frenchCount(count.failures)} question(s) sans réponse écrits dans ${options.out}.`,
        );
        out(`Données personnelles : ${personalDataStatement(system)}.`);
        for (const note of system.history.notes) out(`Note : ${note}.`);
      }
      return 0;
    } catch (error) {
      await sink.abandon();
      throw error;
    }
  } finally {
    await system.stop();
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
};
