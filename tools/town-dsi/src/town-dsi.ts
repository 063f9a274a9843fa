import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { TOWN_VOIRIE_OUTCOMES_STREAM, type Insee, type VoirieError, type VoirieOutcome } from '@digit/contracts';
import { townDsiScenario, type DsiMessage, type ExpectedAnswer } from './town-dsi-orders.js';

export interface TownDsiOptions {
  readonly servers: string;
  readonly insee: Insee;
  /** The town's NATS user and password (infra/nats/authorization.conf); none on an open server. */
  readonly user?: string;
  readonly pass?: string;
  /** Test runs' subject and stream prefix (DIGIT_NATS_NAMESPACE); empty in production. */
  readonly namespace?: string;
  /** How long to wait for all the outcomes. */
  readonly timeoutMs?: number;
  readonly print?: (line: string) => void;
}

export interface TownDsiResult {
  readonly label: string;
  readonly orderId: string;
  readonly expected: ExpectedAnswer;
  /** `deduplicated-by-jetstream` when the publish ack said duplicate; null when no outcome came in time. */
  readonly answer: ExpectedAnswer | null;
  readonly errors: readonly VoirieError[];
  /** The whole outcome DIGIT published (null when none came). */
  readonly outcome: VoirieOutcome | null;
}

export interface TownDsiReport {
  readonly insee: Insee;
  readonly roadId: string;
  readonly squareId: string;
  readonly results: readonly TownDsiResult[];
  /** Every answer is the expected one. */
  readonly ok: boolean;
}

const FRENCH: Readonly<Record<ExpectedAnswer, string>> = {
  accepted: 'accepté',
  rejected: 'refusé',
  duplicate: 'doublon, rien ne change',
  'deduplicated-by-jetstream': 'déjà reçu, écarté par JetStream',
};

const names = (namespace: string) => ({
  subject: (logical: string) => (namespace ? `${namespace}.${logical}` : logical),
  stream: (logical: string) => (namespace ? `${namespace.toUpperCase()}_${logical}` : logical),
});

const publish = async (js: JetStreamClient, subject: string, message: DsiMessage): Promise<{ duplicate: boolean; seq: number }> => {
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(message.headers)) headers.set(key, value);
  const ack = await js.publish(subject, message.body, { headers });
  return { duplicate: ack.duplicate, seq: ack.seq };
};

/**
 * Plays a town's DSI against DIGIT's NATS, as CONTRACT.md says a DSI does: publishes on its own
 * orders subject with `Nats-Msg-Id`, then reads its outcomes from the durable consumer DIGIT made
 * for it (`outcomes-<insee>`), connected with its private inbox prefix `_INBOX_<insee>`.
 */
export const runTownDsi = async (options: TownDsiOptions): Promise<TownDsiReport> => {
  const print = options.print ?? (() => undefined);
  const { subject, stream } = names(options.namespace ?? '');
  const scenario = townDsiScenario(options.insee);
  const nc: NatsConnection = await connect({
    servers: options.servers,
    name: `town-dsi-${options.insee}`,
    inboxPrefix: `_INBOX_${options.insee}`,
    ...(options.user ? { user: options.user, pass: options.pass } : {}),
  });
  try {
    const js = jetstream(nc);
    const answers = new Map<DsiMessage, { answer: ExpectedAnswer | null; errors: readonly VoirieError[]; outcome?: VoirieOutcome }>();
    // Outcomes arrive in the order the orders were stored; one order id may be answered twice.
    const waiting = new Map<string, DsiMessage[]>();
    print(`Ville ${options.insee} : envoi de ${scenario.messages.length} messages sur ${subject(scenario.messages[0]!.subject)}`);
    for (const message of scenario.messages) {
      const { duplicate, seq } = await publish(js, subject(message.subject), message);
      if (duplicate) {
        answers.set(message, { answer: 'deduplicated-by-jetstream', errors: [] });
        print(`→ ${message.label} : ${FRENCH['deduplicated-by-jetstream']} (publish ack: duplicate)`);
        continue;
      }
      waiting.set(message.orderId, [...(waiting.get(message.orderId) ?? []), message]);
      print(`→ ${message.label} : stocké (seq ${seq}, orderId ${message.orderId})`);
    }
    const consumer = await js.consumers.get(stream(TOWN_VOIRIE_OUTCOMES_STREAM), `outcomes-${options.insee}`);
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    while ([...waiting.values()].some((queue) => queue.length > 0) && Date.now() < deadline) {
      const msg = await consumer.next({ expires: 1000 });
      if (!msg) continue;
      // CONTRACT.md v1.1: orderId and reference as sent, the message's Nats-Msg-Id and sequence, a code per error.
      const outcome = msg.json<VoirieOutcome>();
      msg.ack();
      const message = outcome.orderId === null ? undefined : waiting.get(outcome.orderId)?.shift();
      if (!message) {
        print(`← (réponse à un envoi précédent) ${outcome.orderId ?? 'sans identifiant'} : ${outcome.status}`);
        continue;
      }
      answers.set(message, { answer: outcome.status, errors: outcome.errors, outcome });
      print(
        `← ${message.label} : ${outcome.status} / ${FRENCH[outcome.status]} (référence ${outcome.reference ?? '—'}, seq ${outcome.sequence ?? '—'})`,
      );
      for (const error of outcome.errors) print(`    ${error.code} ${error.path} : ${error.message}`);
    }
    await nc.flush();
    const results = scenario.messages.map((message) => {
      const answer = answers.get(message);
      if (!answer) print(`✗ ${message.label} : aucune réponse / no outcome`);
      return {
        label: message.label,
        orderId: message.orderId,
        expected: message.expected,
        answer: answer?.answer ?? null,
        errors: answer?.errors ?? [],
        outcome: answer?.outcome ?? null,
      };
    });
    const ok = results.every((result) => result.answer === result.expected);
    print(
      ok
        ? 'Toutes les réponses sont celles attendues / every outcome as expected.'
        : 'Des réponses diffèrent de celles attendues / some outcomes differ.',
    );
    return { insee: scenario.insee, roadId: scenario.roadId, squareId: scenario.squareId, results, ok };
  } finally {
    await nc.close();
  }
};
