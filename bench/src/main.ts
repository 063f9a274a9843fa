// Nest-style DTOs of @digit/contracts (loaded through the event store) need the metadata API first.
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBenchReport } from './bench-report.js';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './bench-options.js';
import { runBenchmarks } from './run-benchmarks.js';

/** `npm run bench -- [--size=tiny|full] …`: prints the table with ratios and writes the results JSON. */
let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${(error as Error).message}\n${BENCH_USAGE}`);
  process.exit(2);
}
const report = await runBenchmarks(options, (line) => console.error(line));
console.log(formatBenchReport(report).join('\n'));
if (options.out) {
  await mkdir(dirname(options.out), { recursive: true });
  await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nresults: ${options.out}`);
}
