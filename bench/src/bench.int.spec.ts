/**
 * Every benchmark, tiny, for a few seconds: so that none rots between full runs (issue 8, "CI
 * runs every benchmark for a few seconds on tiny sizes"). Figures are not judged here.
 */
import { formatBenchReport } from './bench-report.js';
import { parseBenchOptions } from './bench-options.js';
import { runBenchmarks } from './run-benchmarks.js';

describe('npm run bench (tiny)', () => {
  it("measures ours, the limit and the peer on every workload, road orders end to end with each service's memory, the archive's export and verification, the BAL baseline's import, and prints ratios with the machine", async () => {
    const options = { ...parseBenchOptions(['--size=tiny', '--seconds=2', '--events=500'], process.env), out: undefined };
    const report = await runBenchmarks(options, () => undefined);
    expect(report.workloads.map((workload) => workload.name)).toEqual([
      'single-event appends, 8 writers',
      'appends of 100 events, 8 writers',
      'projection rebuild from 500 events',
    ]);
    for (const workload of report.workloads) {
      for (const subject of ['ours', 'limit', 'peer'] as const) expect(workload.median[subject].eventsPerSecond).toBeGreaterThan(0);
      for (const ratio of workload.ratios) expect(Number.isFinite(ratio.value)).toBe(true);
    }
    expect(report.machine).toMatchObject({ cpus: expect.any(Number), node: process.version, postgres: expect.stringMatching(/^\d+/) });
    const orders = report.roadOrders!;
    expect(orders.phases.map((phase) => phase.offeredPerSecond)).toEqual([200, 500, 1_000, null]);
    for (const phase of orders.phases)
      expect({ accepted: phase.accepted > 0, notAccepted: phase.notAccepted }).toEqual({ accepted: true, notAccepted: 0 });
    expect(orders.limits.publishWithAckPerSecond).toBeGreaterThan(0);
    expect(orders.limits.durableConsumePerSecond).toBeGreaterThan(0);
    expect(orders.memory.map((entry) => entry.service).sort()).toEqual([
      'billing',
      'conventions',
      'data-exchange',
      'gateway',
      'privacy',
      'support',
    ]);
    for (const entry of orders.memory) expect(entry.peakRssMiB).toBeGreaterThan(entry.readyRssMiB / 2);
    const archive = report.archive!;
    expect(archive).toMatchObject({ events: 500, export: { seconds: expect.any(Number) }, verify: { seconds: expect.any(Number) } });
    expect(archive.export.peakRssMiB).toBeGreaterThan(10);
    expect(archive.verify.peakRssMiB).toBeGreaterThan(10);
    const printed = formatBenchReport(report).join('\n');
    expect(printed).toMatch(/single-event appends, 8 writers .* (met|MISSED) \(>= 0\.80\)/);
    expect(printed).toMatch(/target p99 < 100 ms at 500 orders\/s: .* (met|MISSED)/);
    expect(printed).toMatch(/data-exchange +\d/);
    expect(printed).toMatch(/audit verify --archive +\d/);
    expect(report.replay).toMatchObject({
      events: 500,
      fromDatabase: { questions: expect.any(Number) },
      fromArchive: { questions: expect.any(Number) },
    });
    expect(report.replay!.fromArchive.questions).toBe(report.replay!.fromDatabase.questions);
    expect(printed).toMatch(/audit replay --archive +\d/);
    expect(report.tokens).toMatchObject({ algorithm: 'RS256', requests: 200, medianMs: expect.any(Number) });
    expect(printed).toMatch(/access token verification .* target median < 0.2 ms (met|MISSED)/);
    expect(report.dashboard).toMatchObject({
      orders: 8 * 3 * 20,
      pages: expect.arrayContaining([expect.objectContaining({ path: '/voirie', as: 'ops' })]),
    });
    expect(printed).toMatch(/target: every page's median < 300 ms .* (met|MISSED)/);
    expect(report.baseline).toMatchObject({ lines: 2_000, roads: 50, numbers: 2_000, seconds: expect.any(Number) });
    expect(printed).toMatch(/BAL baseline import .* target < 30 s (met|MISSED)/);
    // Issue 19: the metropolis (ten million events at full size) runs only when asked for.
    expect(report.metropolis).toBeUndefined();
    expect(printed).toMatch(/ours\/peer by round: \d/);
  }, 180_000);

  it("runs the archive benchmark alone with --only=archive, the replay's with --only=replay", () => {
    expect(parseBenchOptions(['--only=archive'], {}).only).toBe('archive');
    expect(parseBenchOptions(['--only=replay'], {}).only).toBe('replay');
  });

  it('issue 19: runs the single-event appends alone over five rounds at full size, and the metropolis at the size METROPOLIS_EVENTS gives', () => {
    expect(parseBenchOptions(['--only=appends'], {})).toMatchObject({ only: 'appends', rounds: 5 });
    expect(parseBenchOptions(['--only=metropolis'], {}).metropolis).toEqual({ events: 200_000, rebuildSeconds: 300, drop: false });
    expect(parseBenchOptions(['--only=metropolis'], { METROPOLIS_EVENTS: '10500000', METROPOLIS_DROP: '1' }).metropolis).toMatchObject({
      events: 10_500_000,
      drop: true,
    });
    expect(() => parseBenchOptions(['--only=metropolis'], { METROPOLIS_EVENTS: 'many' })).toThrow();
  });

  it.each([['--size=huge'], ['--seconds=0'], ['--rounds=1.5'], ['--what'], ['--only=all'], ['--order-seconds=-1']])(
    'refuses %s with a message',
    (flag) => {
      expect(() => parseBenchOptions([flag], {})).toThrow();
    },
  );
});
