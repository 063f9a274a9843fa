export { bearerToken, callerOfClaims, createTokenVerifier, discoveryUrlOf } from './token-verifier.js';
export type { TokenVerifier, TokenVerifierOptions } from './token-verifier.js';
export { callerOf, checkPerson } from './person.js';
export type { Person, PersonCheck } from './person.js';
export { migrateIdentity } from './identity-schema.js';
export { AccountStore, LOGIN_PATTERN } from './accounts/account-store.js';
export type { Account } from './accounts/account-store.js';
export { generatePassword, passwordProblem } from './accounts/password.js';
export { SessionStore, SESSION_LIFETIME_SECONDS } from './sessions.js';
export type { ActiveSession, OpenedSession } from './sessions.js';
export { LoginLinks, LOGIN_LINK_MINUTES } from './login-links.js';
export { newSecretToken, tokenHash } from './secret-token.js';
export { loadIssuerSecrets, readIssuerInfo, writeIssuerInfo, SIGNING_ALGORITHM } from './issuer/issuer-files.js';
export type { IssuerInfo, IssuerSecrets } from './issuer/issuer-files.js';
export { ADMIN_CLI_CLIENT, signAccessToken } from './issuer/access-token.js';
export { renderAuthorization, renderPrivateServerConfig } from './nats/nats-config.js';
export {
  issueServiceCredentials,
  issueTownCredentials,
  natsPaths,
  natsUrlWithCredentials,
  newNatsPassword,
  readNatsState,
  reloadNatsServer,
  writeNatsState,
} from './nats/nats-credentials.js';
export type { NatsPaths, NatsServerState } from './nats/nats-credentials.js';
export { inboxPrefixOf, SERVICE_USERS, serviceNatsUser, townNatsUser, townOutcomesConsumer, townUserName } from './nats/nats-users.js';
export type { NatsPermissions, NatsUser, ServiceUser } from './nats/nats-users.js';
export { startAuthorizedNats } from './nats/nats-server-process.js';
export type { AuthorizedNats, NatsLogin } from './nats/nats-server-process.js';
