/**
 * `npm run -s admin -- <command>`: administration of the system `npm start` runs here
 * (CONTRACT.md "Who is calling (v1.1)"). French for the person, one value per stdout line for scripts.
 */
import { parseArgs } from 'node:util';
import { AdminContext, AdminError, type AdminOutput } from './admin-context.js';
import { townCredentialsCommand } from './town-credentials.command.js';
import { loginLinkCommand, tokenCommand } from './token.command.js';
import { userAddCommand, userDisableCommand, userListCommand } from './user.command.js';

const USAGE = `Usage : npm run -s admin -- <commande>
  token --role <rôle> [--insee <insee>] [--sub <identifiant>]        un jeton d'accès (1 h), seul sur la sortie
  login-link --role <rôle> [--insee <insee>] [--sub <identifiant>]   un lien de connexion à usage unique (10 min)
  town-credentials <insee>                                            identifiants NATS de la DSI d'une commune (révoque les précédents)
  user add <identifiant> --role <rôle> [--insee <insee>] [--name "Prénom Nom"]
  user list
  user disable <identifiant>
Rôles : ops, finance, auditor (toutes communes) ; town-dsi, town-dpo, town-referent (avec --insee).`;

const output: AdminOutput = { out: (line) => console.log(line), say: (line) => console.error(line) };

const run = async (argv: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      role: { type: 'string' },
      insee: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    output.say(USAGE);
    if (!command && !values.help) process.exitCode = 2;
    return;
  }
  const context = new AdminContext();
  try {
    const person = { role: values.role, insee: values.insee, sub: values.sub };
    if (command === 'token') return await tokenCommand(context, output, person);
    if (command === 'login-link') return await loginLinkCommand(context, output, person);
    if (command === 'town-credentials') return await townCredentialsCommand(context, output, rest[0]);
    if (command === 'user' && rest[0] === 'add') return await userAddCommand(context, output, rest[1], { ...person, name: values.name });
    if (command === 'user' && rest[0] === 'list') return await userListCommand(context, output);
    if (command === 'user' && rest[0] === 'disable') return await userDisableCommand(context, output, rest[1]);
    throw new AdminError(`Commande inconnue « ${positionals.join(' ')} ».\n${USAGE}`);
  } finally {
    await context.close();
  }
};

try {
  await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof AdminError) {
    output.say(error.message);
    process.exitCode = error.exitCode;
  } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    output.say(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    output.say(`Échec : ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
