/**
 * Issue 18 "Supervision": one process's crash never stops the others; the dead one comes back,
 * later and later while it keeps crashing; every stop and restart is said (French / English).
 * Plain Node processes stand in for the services (the whole system under `npm start` is
 * npm-start.int.spec.ts).
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { supervise, type Supervisor } from './supervisor.js';

const node = (script: string) => () => spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
const forever = node('setInterval(() => undefined, 1000)');

const alive = (pid: number | undefined): boolean => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(20)) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
  }
};

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe('supervisor (issue 18)', () => {
  it('restarts a killed process and leaves the others running; says so in French and English', async () => {
    const lines: string[] = [];
    supervisor = supervise(
      [
        { name: 'billing', start: forever },
        { name: 'support', start: forever },
      ],
      { log: (line) => lines.push(line), initialDelayMs: 100 },
    );
    const billing = supervisor.pidOf('billing');
    const support = supervisor.pidOf('support');
    await until(() => alive(billing) && alive(support));
    process.kill(billing!, 'SIGKILL');
    await until(() => supervisor!.restarts('billing') === 1 && alive(supervisor!.pidOf('billing')));
    expect(supervisor.pidOf('billing')).not.toBe(billing);
    expect(supervisor.pidOf('support')).toBe(support);
    expect(alive(support)).toBe(true);
    expect(lines).toEqual([
      "billing s'est arrêté (signal SIGKILL) ; redémarrage dans 0,1 s / billing stopped (signal SIGKILL); restarting in 0,1 s",
      `billing redémarré (pid ${supervisor.pidOf('billing')}) / billing restarted (pid ${supervisor.pidOf('billing')})`,
    ]);
  });

  it('backs off while a process keeps crashing: each delay doubles up to the maximum', async () => {
    const lines: string[] = [];
    supervisor = supervise([{ name: 'privacy', start: node('process.exit(3)') }], {
      log: (line) => lines.push(line),
      initialDelayMs: 100,
      maxDelayMs: 400,
    });
    await until(() => supervisor!.restarts('privacy') >= 4);
    const delays = lines.filter((line) => line.includes('stopped')).map((line) => /restarting in ([\d,]+) s/.exec(line)?.[1]);
    expect(delays.slice(0, 4)).toEqual(['0,1', '0,2', '0,4', '0,4']);
    expect(lines[0]).toContain('(code 3)');
  });

  it('stops every process and restarts none once stopped', async () => {
    supervisor = supervise([{ name: 'conventions', start: forever }], { log: () => undefined, initialDelayMs: 10 });
    const pid = supervisor.pidOf('conventions');
    await supervisor.stop();
    await sleep(100);
    expect(alive(pid)).toBe(false);
    expect(supervisor.restarts('conventions')).toBe(0);
  });
});
