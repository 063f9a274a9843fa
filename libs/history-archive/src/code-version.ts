import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const REPOSITORY_ROOT = new URL('../../..', import.meta.url).pathname;

let known: Promise<{ package: string; commit: string | null }> | undefined;

/** The code that writes an archive: the root package's name and version, and the git commit when run from a checkout. */
export const codeVersion = (): Promise<{ package: string; commit: string | null }> =>
  (known ??= (async () => {
    const root = JSON.parse(await readFile(`${REPOSITORY_ROOT}package.json`, 'utf8')) as { name: string; version: string };
    const commit = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: REPOSITORY_ROOT, timeout: 2000 }).then(
      ({ stdout }) => stdout.trim(),
      () => null,
    );
    return { package: `${root.name}@${root.version}`, commit };
  })());
