import { randomUUID } from 'node:crypto';

/** A road-order-sized event (about 250 bytes of JSON), the same for every subject. */
export const benchEvent = (n: number) => ({
  type: 'RoadOrderAccepted',
  data: {
    orderId: `ord-${n}`,
    insee: '92012',
    street: 'Rue de la République',
    from: '2024-03-01',
    to: '2024-03-15',
    lanes: 'both',
    reason: 'Travaux de réseau, circulation alternée',
  },
});

export const benchMetadata = () => ({ correlationId: randomUUID(), actor: 'bench' });

/**
 * Writer `worker` owns the streams `worker`, `worker + writers`, … of `streams`, in turn, and
 * knows each one's version: appends check their expected version and never conflict.
 */
export const streamCursors = (prefix: string, writers: number, streams: number) => {
  const versions = new Map<string, number>();
  const turn = Array.from({ length: writers }, () => 0);
  return {
    next(worker: number): { streamId: string; version: number } {
      const owned = Math.ceil((streams - worker) / writers);
      const index = worker + writers * (turn[worker]! % owned);
      turn[worker]! += 1;
      const streamId = `${prefix}-${index}`;
      return { streamId, version: versions.get(streamId) ?? 0 };
    },
    advance(streamId: string, count: number): void {
      versions.set(streamId, (versions.get(streamId) ?? 0) + count);
    },
  };
};
