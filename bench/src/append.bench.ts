import type { BenchOptions } from './bench-options.js';
import { benchEvent, streamCursors } from './bench-events.js';
import type { EmmettPeerSubject } from './emmett-peer.subject.js';
import type { OurStoreSubject } from './our-store.subject.js';
import type { RawSqlSubject } from './raw-sql.subject.js';
import { measureThroughput } from './throughput.js';
import type { Subject, Workload } from './workload.js';

interface AppendSubjects {
  readonly ours: OurStoreSubject;
  readonly raw: RawSqlSubject;
  readonly peer: EmmettPeerSubject;
}

const eventsFrom = (version: number, count: number) => Array.from({ length: count }, (_, i) => benchEvent(version + i + 1));

/** Benchmark 1: concurrent appends, one event each, then 100 events each, over 1,000 streams. */
export const appendWorkloads = (options: BenchOptions, subjects: AppendSubjects): Workload[] => {
  const { writers, streams } = options;
  const phase = (
    name: string,
    subject: Subject,
    round: number,
    eventsPerOperation: number,
    write: (worker: number, streamId: string, version: number) => Promise<void>,
  ) => {
    const cursors = streamCursors(`${name}-${subject}-r${round}`, writers, streams);
    return measureThroughput({
      workers: writers,
      seconds: options.secondsPerPhase,
      warmupSeconds: Math.min(1, options.secondsPerPhase / 5),
      async operation(worker) {
        const { streamId, version } = cursors.next(worker);
        await write(worker, streamId, version);
        cursors.advance(streamId, eventsPerOperation);
        return eventsPerOperation;
      },
    });
  };
  return [
    {
      name: `single-event appends, ${writers} writers`,
      legend: {
        ours: `store.append of 1 event with its expected version, ${writers} concurrent callers, one store`,
        limit: `single-row INSERT in autocommit from ${writers} connections`,
        peer: `Emmett appendToStream of 1 event with its expected version, ${writers} concurrent callers`,
      },
      targets: [
        { ratio: 'ours/limit', atLeast: 0.8 },
        { ratio: 'ours/peer', atLeast: 2 },
      ],
      run: (subject, round) =>
        phase('single', subject, round, 1, async (worker, streamId, version) => {
          const [event] = eventsFrom(version, 1);
          if (subject === 'ours') await subjects.ours.append(streamId, version, [event!]);
          else if (subject === 'limit') await subjects.raw.insertOne(worker, streamId, version + 1, event!);
          else await subjects.peer.append(streamId, version, [event!]);
        }),
    },
    {
      name: `appends of 100 events, ${writers} writers`,
      legend: {
        ours: `store.append of 100 events, ${writers} concurrent callers`,
        limit: `multi-row INSERT of 500 rows from ${writers} connections`,
        peer: `Emmett appendToStream of 100 events, ${writers} concurrent callers`,
      },
      targets: [{ ratio: 'ours/limit', atLeast: 0.7 }],
      run: (subject, round) =>
        phase('batch', subject, round, subject === 'limit' ? 500 : 100, async (worker, streamId, version) => {
          if (subject === 'ours') await subjects.ours.append(streamId, version, eventsFrom(version, 100));
          else if (subject === 'peer') await subjects.peer.append(streamId, version, eventsFrom(version, 100));
          else {
            const rows = eventsFrom(version, 500).map((event, i) => ({ streamId, version: version + i + 1, event }));
            await subjects.raw.insertMany(worker, rows);
          }
        }),
    },
  ];
};
