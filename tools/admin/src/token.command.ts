import {
  checkPerson,
  loadIssuerSecrets,
  LOGIN_LINK_MINUTES,
  readIssuerInfo,
  signAccessToken,
  type IssuerInfo,
  type Person,
} from '@digit/identity';
import { AdminError, type AdminContext, type AdminOutput } from './admin-context.js';

export interface PersonOptions {
  readonly role?: string;
  readonly insee?: string;
  readonly sub?: string;
}

/** The person `--role`, `--insee`, `--sub` name, checked as CONTRACT.md says (French refusals). */
export const personFrom = (options: PersonOptions): Person => {
  const sub = options.sub ?? ['cli', options.role ?? 'x', ...(options.insee ? [options.insee] : [])].join('.');
  const checked = checkPerson({ role: options.role, insee: options.insee, sub });
  if (!checked.ok) throw new AdminError(checked.message);
  return checked.person;
};

/** The embedded issuer of the system running here, or a refusal saying why there is none. */
export const runningIssuer = (context: AdminContext): IssuerInfo => {
  const info = readIssuerInfo(context.dataDir);
  if (!info) {
    throw new AdminError(
      `Aucun fournisseur d’identité intégré n’a démarré ici (${context.dataDir}) : lancez npm start. Avec OIDC_ISSUER, les jetons viennent de votre fournisseur (Keycloak, ProConnect).`,
      1,
    );
  }
  return info;
};

/** `token --role <role> [--insee <insee>] [--sub <id>]`: one access token alone on stdout, valid one hour. */
export const tokenCommand = async (context: AdminContext, output: AdminOutput, options: PersonOptions): Promise<void> => {
  const person = personFrom(options);
  const info = runningIssuer(context);
  output.out(await signAccessToken(info, await loadIssuerSecrets(context.dataDir), person));
};

/** `login-link --role <role> [--insee] [--sub]`: a one-time URL signing a browser in as that person. */
export const loginLinkCommand = async (context: AdminContext, output: AdminOutput, options: PersonOptions): Promise<void> => {
  const person = personFrom(options);
  const info = runningIssuer(context);
  const token = await (await context.loginLinks()).create(person);
  output.say(
    `Lien de connexion à usage unique pour ${person.sub} (${person.role}${person.insee ? `, commune ${person.insee}` : ''}), valable ${LOGIN_LINK_MINUTES} minutes :`,
  );
  output.out(`${info.publicUrl}/auth/link/${token}`);
};
