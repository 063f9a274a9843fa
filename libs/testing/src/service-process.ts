import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The six services, each a process of its own in production (`npm start`). */
export const SERVICE_NAMES = ['conventions', 'billing', 'data-exchange', 'support', 'privacy', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** A service running as its own process from its built `dist/main.js`, as `npm start` runs it (same V8 flags). */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly pid: number;
  /** Resident memory now, in bytes (`VmRSS`); undefined once the process has gone. */
  rssBytes(): number | undefined;
  /** The most resident memory the process has had since it started (`VmHWM`). */
  peakRssBytes(): number | undefined;
  /** CPU time the process has used, user and system, in seconds. */
  cpuSeconds(): number | undefined;
  /** kill -9: no clean stop, nothing flushed. Resolves once the process has gone. */
  crash(): Promise<void>;
  /** SIGTERM, the clean stop; resolves once the process has gone. */
  stop(): Promise<void>;
  /** Resolves when the process exits, however it does. */
  readonly exited: Promise<number | string | null>;
}

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The V8 flags every service process runs with (infra/node/service-node-flags.json). */
const serviceNodeFlags = (): string[] =>
  (JSON.parse(readFileSync(`${repositoryRoot}infra/node/service-node-flags.json`, 'utf8')) as { flags: string[] }).flags;

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

const cpuSecondsOf = (pid: number): number | undefined => {
  try {
    // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
};

/** The line each service prints once it serves (libs/runtime `runService`). */
const isReadyLine = (name: ServiceName, output: string): boolean =>
  name === 'gateway' ? output.includes('gateway listening on') : output.includes(`${name} service ready`);

/**
 * Starts `services/<name>/dist/main.js` (build first: jest's global setup does) with the given
 * environment and resolves once it prints its ready line. Its stderr goes to ours.
 */
export const startServiceProcess = (name: ServiceName, env: NodeJS.ProcessEnv, readyTimeoutMs = 60_000): Promise<ServiceProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [...serviceNodeFlags(), `${repositoryRoot}services/${name}/dist/main.js`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | string | null>((settle) => child.once('exit', (code, signal) => settle(code ?? signal)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print its ready line within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    let output = '';
    let ready = false;
    // Read stdout to the end, so that a chatty service never blocks on a full pipe.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (!isReadyLine(name, output)) return;
      ready = true;
      clearTimeout(timer);
      const pid = child.pid!;
      const gone = async (signal: NodeJS.Signals) => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      };
      resolve({
        name,
        pid,
        rssBytes: () => statusField(pid, 'VmRSS'),
        peakRssBytes: () => statusField(pid, 'VmHWM'),
        cpuSeconds: () => cpuSecondsOf(pid),
        crash: () => gone('SIGKILL'),
        stop: () => gone('SIGTERM'),
        exited,
      });
    });
    void exited.then((how) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${name} exited before it was ready (${how})`));
    });
  });
