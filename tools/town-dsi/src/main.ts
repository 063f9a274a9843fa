import { isInsee } from '@digit/contracts';
import { baselineGuide, importBaseline } from './town-dsi-baseline.js';
import { runTownDsi } from './town-dsi.js';

/**
 * `npm run town-dsi -- [insee]` (default 92012). Environment: NATS_URL, with the town's credentials
 * inside as `npm run -s admin -- town-credentials <insee>` prints them
 * (`nats://town-92012:<password>@127.0.0.1:<port>`), or NATS_USER / NATS_PASSWORD beside it;
 * DIGIT_NATS_NAMESPACE only to reach a test run's subjects. With BAL_FILE, DIGIT_API_URL and
 * DIGIT_TOKEN (a town-dsi token), it first imports that BAL as the town's baseline (R-DX-9).
 */
const insee = process.argv[2] ?? process.env.TOWN_INSEE ?? '92012';
if (!isInsee(insee)) {
  console.error(`Code INSEE inconnu « ${insee} » : 92012, 92022, 92040, 92047, 92048, 92072, 92075 ou 92077.`);
  process.exit(2);
}
/** The nats.js client reads no credentials from a URL (CONTRACT.md v1.1): take them apart. */
const url = new URL(process.env.NATS_URL || 'nats://127.0.0.1:4222');
const user = url.username ? decodeURIComponent(url.username) : process.env.NATS_USER;
const pass = url.password ? decodeURIComponent(url.password) : process.env.NATS_PASSWORD;
const apiUrl = (process.env.DIGIT_API_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
try {
  const baselineFile = process.env.BAL_FILE;
  if (baselineFile && process.env.DIGIT_TOKEN) {
    if (!(await importBaseline({ apiUrl, token: process.env.DIGIT_TOKEN, insee, file: baselineFile, print: (line) => console.log(line) })))
      process.exitCode = 1;
  } else {
    for (const line of baselineGuide(insee, apiUrl)) console.log(line);
  }
  const report = await runTownDsi({
    servers: `${url.hostname}:${url.port || 4222}`,
    insee,
    user,
    pass,
    namespace: process.env.DIGIT_NATS_NAMESPACE,
    print: (line) => console.log(line),
  });
  process.exitCode = report.ok ? (process.exitCode ?? 0) : 1;
} catch (error) {
  const why = error instanceof Error ? error.message : String(error);
  console.error(`Échec / failure : ${why}`);
  console.error(
    /Authorization Violation|Permissions Violation/.test(why)
      ? `Ces identifiants ne valent pas pour la commune ${insee} (ou ont été remplacés) : npm run -s admin -- town-credentials ${insee}. These credentials are not ${insee}'s.`
      : 'Le service data-exchange tourne-t-il sur ce NATS (flux TOWN_VOIRIE_ORDERS créés à son démarrage) ? Is the data-exchange service running?',
  );
  process.exitCode = 2;
}
