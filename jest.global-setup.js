import { execFileSync } from 'node:child_process';

/** Tests that run real processes (services, the audit CLI) need the built JavaScript. */
export default () => {
  execFileSync(process.execPath, ['tools/build.mjs'], { stdio: 'ignore' });
};
