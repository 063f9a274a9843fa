// Compiles every project's src/ (libs, services, tools, bench) to its dist/ with swc: a few hundred ms.
// Type checking is `npm run typecheck`; this only emits JavaScript for Node 24.
import { readFile, readdir, mkdir, writeFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

const root = new URL('..', import.meta.url).pathname;
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));

const walk = async function* (dir, keep = (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, keep);
    else if (keep(entry.name)) yield path;
  }
};

// Replace files atomically (another build may be running, e.g. parallel test runs), then
// remove outputs whose source is gone.
const writeAtomically = async (path, text) => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
};

// Every project: each folder of libs/, services/ and tools/, and bench/ at the root.
const projects = ['bench'];
for (const group of ['libs', 'services', 'tools']) {
  for (const entry of await readdir(join(root, group), { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) projects.push(join(group, entry.name));
  }
}

let files = 0;
for (const project of projects) {
  const src = join(root, project, 'src');
  const dist = join(root, project, 'dist');
  const written = new Set();
  try {
    for await (const file of walk(src)) {
      const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(file, { ...swcrc, swcrc: false, sourceFileName: relative(dirname(out), file) });
      await mkdir(dirname(out), { recursive: true });
      await writeAtomically(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (map) await writeAtomically(`${out}.map`, map);
      written.add(out).add(`${out}.map`);
      files += 1;
    }
    for await (const stale of walk(dist, (name) => !name.endsWith('.tmp'))) if (!written.has(stale)) await rm(stale);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}
console.log(`built ${files} files`);
