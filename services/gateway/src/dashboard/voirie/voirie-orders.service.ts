import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSubscription, type Database, type EventStore, type Subscription } from '@digit/event-store';
import { migrateDashboard, voirieOrdersProjection, VoirieOrders, type VoirieOrderRow } from './voirie-orders.read-model.js';

export const DASHBOARD_STORE = Symbol('DASHBOARD_STORE');

/** Where the dashboard keeps its read model: the system's database, the gateway's schema `dashboard`, the history. */
export interface DashboardStore {
  readonly db: Database;
  readonly schema: string;
  readonly store: EventStore;
}

/** How often the live feed looks for new decided orders while someone watches it. */
const FEED_POLL_MS = 150;

/**
 * The road orders the dashboard shows, projected from the history into the gateway's own schema
 * (the same events data-exchange's registry is made of), and their live feed: while a page listens,
 * one loop per gateway process reads the orders decided since the last one and hands each to every
 * listener, which keeps those its person may see.
 */
@Injectable()
export class VoirieOrdersService implements OnModuleInit, OnModuleDestroy {
  readonly orders: VoirieOrders;
  private subscription?: Subscription;
  private readonly listeners = new Set<(order: VoirieOrderRow) => void>();
  private feeding = false;
  private readonly logger = new Logger('dashboard');

  constructor(@Inject(DASHBOARD_STORE) private readonly deps: DashboardStore) {
    this.orders = new VoirieOrders(deps.db, deps.schema);
  }

  async onModuleInit(): Promise<void> {
    await migrateDashboard(this.deps.db, this.deps.schema);
    this.subscription = startSubscription(this.deps.store, voirieOrdersProjection(this.deps.schema), {
      idleMs: 100,
      onError: (error) => this.logger.error(`road orders projection: ${String(error)}`),
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await this.subscription?.stop();
  }

  /** Resolves once the read model holds every order in the history now (tests, benchmarks). */
  caughtUp(): Promise<void> {
    return this.subscription?.caughtUp() ?? Promise.resolve();
  }

  /** Hands each newly decided order to `listener` until the returned function is called. */
  listen(listener: (order: VoirieOrderRow) => void): () => void {
    this.listeners.add(listener);
    if (!this.feeding) void this.feed();
    return () => void this.listeners.delete(listener);
  }

  private async feed(): Promise<void> {
    this.feeding = true;
    try {
      let last = await this.orders.lastPosition();
      while (this.listeners.size > 0) {
        const orders = await this.orders.after(last, 200);
        for (const order of orders) for (const listener of this.listeners) listener(order);
        if (orders.length > 0) last = orders.at(-1)!.position;
        else await sleep(FEED_POLL_MS);
      }
    } catch (error) {
      this.logger.error(`road orders live feed: ${String(error)}`);
    } finally {
      this.feeding = false;
    }
  }
}
