import type { AnyMessage, ApiErrorBody, Caller } from '@digit/contracts';
import { sendMessage, type Bus, type MessageReply } from '@digit/messaging';
import type { Asker, Catalogue, ReplayScope, ServicePlan } from './query-plans.js';

/** Who the replay asks as: an auditor reads every query (CONTRACT.md "Who is calling"), and changes nothing. */
export const REPLAY_CALLER: Caller = { sub: 'audit:replay', roles: ['auditor'] };

/** One question and its answer, as the service gave it: a value, a refusal with its status, or no answer at all (why). */
export type ReplayEntry = {
  readonly service: string;
  readonly message: string;
  readonly request: object;
} & (
  | { readonly answer: unknown }
  | { readonly refusal: { readonly status: number; readonly error: ApiErrorBody } }
  | { readonly failure: string }
);

export interface AskCount {
  answers: number;
  refusals: number;
  /** Questions the service did not answer (the API would have said 503). */
  failures: number;
}

/** Several per-item questions in flight (the registry's orders can be tens of thousands). */
const IN_FLIGHT = 16;
/** A page of a thousand items may take a while to read and send; a service that does not answer by then never will. */
const QUERY_TIMEOUT_MS = 30_000;

const asker = <C extends Catalogue>(
  bus: Bus,
  plan: ServicePlan<C>,
  caller: Caller,
  record: (entry: ReplayEntry) => Promise<void>,
): Asker<C> => {
  const send = (name: string, request: object): Promise<MessageReply<unknown> | { failure: string }> =>
    sendMessage(bus, plan.catalogue[name] as AnyMessage, request, caller, QUERY_TIMEOUT_MS).catch((error: unknown) => ({
      failure: `le service n'a pas répondu (${(error as Error).message})`,
    }));
  const recorded = async (name: string, request: object, reply: MessageReply<unknown> | { failure: string }): Promise<unknown> => {
    const base = { service: plan.service, message: name, request };
    if ('failure' in reply) await record({ ...base, failure: reply.failure });
    else await record(reply.ok ? { ...base, answer: reply.value } : { ...base, refusal: { status: reply.status, error: reply.error } });
    return 'ok' in reply && reply.ok ? reply.value : undefined;
  };
  const one: Asker<C>['one'] = async (name, request) => (await recorded(name, request, await send(name, request))) as never;
  return {
    one,
    async *pages(name, first) {
      for (let request: object = first; ;) {
        const page = (await one(name, request as never)) as { next?: unknown } | undefined;
        if (page === undefined) return;
        yield page as never;
        if (typeof page.next !== 'string') return;
        request = { ...request, after: page.next };
      }
    },
    async each(name, requests) {
      const window: { request: object; reply: ReturnType<typeof send> }[] = [];
      for await (const request of requests) {
        window.push({ request, reply: send(name, request) });
        if (window.length >= IN_FLIGHT) {
          const oldest = window.shift()!;
          await recorded(name, oldest.request, await oldest.reply);
        }
      }
      for (const pending of window) await recorded(name, pending.request, await pending.reply);
    },
  };
};

/**
 * Asks every plan's queries of the services on `bus`, as `caller`, and gives each answer to
 * `record` in order. The same for a replay and for the live system (the tests compare both).
 */
export const askEverything = async (
  bus: Bus,
  plans: readonly ServicePlan[],
  scope: ReplayScope,
  record: (entry: ReplayEntry) => Promise<void>,
  caller: Caller = REPLAY_CALLER,
): Promise<AskCount> => {
  const count: AskCount = { answers: 0, refusals: 0, failures: 0 };
  const counted = async (entry: ReplayEntry) => {
    if ('answer' in entry) count.answers += 1;
    else if ('refusal' in entry) count.refusals += 1;
    else count.failures += 1;
    await record(entry);
  };
  for (const plan of plans) await plan.run(scope, asker(bus, plan, caller, counted));
  return count;
};
