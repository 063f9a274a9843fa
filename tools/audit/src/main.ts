import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `export`, `verify` and `replay` stream the whole history: with V8's default heap (sized from
 * the machine's memory) garbage piles up to several hundred MB while the live data stays under
 * 50; they run again under the services' heap bound (infra/node/service-node-flags.json), which
 * keeps them flat (bench: `npm run bench -- --only=archive`, `--only=replay`).
 */
const STREAMING_COMMANDS = new Set(['export', 'verify', 'replay']);
const bounded = process.execArgv.some((flag) => flag.startsWith('--max-old-space-size'));

if (STREAMING_COMMANDS.has(process.argv[2] ?? '') && !bounded) {
  const flags = (
    JSON.parse(readFileSync(new URL('../../../infra/node/service-node-flags.json', import.meta.url), 'utf8')) as { flags: string[] }
  ).flags;
  const child = spawnSync(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exitCode = child.status ?? 2;
} else {
  const { runAudit } = await import('./audit-cli.js');
  process.exitCode = await runAudit(process.argv.slice(2), process.env, (line) => console.log(line), {
    progress: process.stdout.isTTY === true,
  });
}
