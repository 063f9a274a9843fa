import { runAudit } from './audit-cli.js';

process.exitCode = await runAudit(process.argv.slice(2), process.env, (line) => console.log(line), { progress: process.stdout.isTTY === true });
