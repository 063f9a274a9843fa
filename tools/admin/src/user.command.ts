import { ROLE_LABELS, townName, type Insee } from '@digit/contracts';
import { generatePassword, LOGIN_PATTERN, passwordProblem, type Account } from '@digit/identity';
import { AdminError, type AdminContext, type AdminOutput } from './admin-context.js';
import { personFrom, type PersonOptions } from './token.command.js';

/** A password typed at the terminal without echo; empty when the person wants one generated. */
const askHidden = (prompt: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let typed = '';
    const done = (finish: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      finish();
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new AdminError('Abandon : rien n’est créé.', 130)));
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.resume();
  });

/** A password the person types twice at a terminal, or a generated one (always when stdin is not a terminal). */
const choosePassword = async (): Promise<{ password: string; generated: boolean }> => {
  if (!process.stdin.isTTY) return { password: generatePassword(), generated: true };
  const password = await askHidden('Mot de passe (laisser vide pour en générer un) : ');
  if (password === '') return { password: generatePassword(), generated: true };
  const problem = passwordProblem(password);
  if (problem) throw new AdminError(problem);
  if ((await askHidden('Confirmez le mot de passe : ')) !== password) throw new AdminError('Les deux saisies diffèrent : rien n’est créé.');
  return { password, generated: false };
};

const frenchDate = (date: Date): string => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' }).format(date);

const describe = (account: Account): string =>
  `${ROLE_LABELS[account.person.role]}${account.person.insee ? ` de ${townName(account.person.insee as Insee)} (${account.person.insee})` : ''}`;

/** `user add <login> --role <role> [--insee <insee>] [--name "Prénom Nom"]`: an account of the embedded issuer. */
export const userAddCommand = async (
  context: AdminContext,
  output: AdminOutput,
  login: string | undefined,
  options: PersonOptions & { name?: string },
) => {
  if (!login) throw new AdminError('Précisez l’identifiant : user add <identifiant> --role <rôle> [--insee <insee>].');
  if (!LOGIN_PATTERN.test(login)) {
    throw new AdminError(
      `Identifiant « ${login} » refusé : minuscules, chiffres et . _ @ - seulement, de 2 à 100 caractères (ex. camille.martin).`,
    );
  }
  const person = personFrom({ ...options, sub: login });
  const accounts = await context.accounts();
  const { password, generated } = await choosePassword();
  if (!(await accounts.add(person, password, options.name)))
    throw new AdminError(`L’identifiant ${login} existe déjà (un compte désactivé garde le sien).`, 1);
  output.say(`Compte créé : ${login} (${ROLE_LABELS[person.role]}${person.insee ? `, commune ${person.insee}` : ''}).`);
  if (generated) {
    output.say('Mot de passe généré, affiché une seule fois ; transmettez-le par un canal sûr :');
    output.out(password);
  }
};

/** `user list`: every account of the embedded issuer, in French. */
export const userListCommand = async (context: AdminContext, output: AdminOutput) => {
  const accounts = await (await context.accounts()).list();
  if (accounts.length === 0) return output.out('Aucun compte. Créez-en un : npm run -s admin -- user add <identifiant> --role ops');
  for (const account of accounts) {
    const state = account.disabledAt ? `désactivé le ${frenchDate(account.disabledAt)}` : 'actif';
    output.out(`${account.login}\t${describe(account)}\t${account.displayName ?? ''}\tcréé le ${frenchDate(account.createdAt)}\t${state}`);
  }
};

/** `user disable <login>`: the account can no longer sign in; its sessions end now. */
export const userDisableCommand = async (context: AdminContext, output: AdminOutput, login: string | undefined) => {
  if (!login) throw new AdminError('Précisez l’identifiant : user disable <identifiant>.');
  if (!(await (await context.accounts()).disable(login))) throw new AdminError(`Aucun compte actif « ${login} ».`, 1);
  output.say(`Compte ${login} désactivé ; ses sessions sont fermées.`);
};
