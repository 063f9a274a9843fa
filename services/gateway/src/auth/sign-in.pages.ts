/**
 * The pages a person sees while signing in or out (French, RGAA: language, title, labels tied to
 * their fields, errors announced by screen readers and tied to the fields they concern, visible
 * focus, no script). Served by the gateway for the embedded issuer and the dashboard sign-in.
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string): string => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — DIGIT GPSO</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f1f4f7; }
  main { max-width: 26rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input[type=text], input[type=password] { display: block; width: 100%; box-sizing: border-box; margin-top: .3rem; padding: .6rem; font-size: 1rem; border: 1px solid #5c6b7a; border-radius: .25rem; }
  input[aria-invalid=true] { border: 2px solid #a40000; }
  button { margin-top: 1.5rem; padding: .7rem 1.2rem; font-size: 1rem; color: #fff; background: #004f9f; border: 0; border-radius: .25rem; cursor: pointer; }
  button.secondary { color: #004f9f; background: #fff; border: 1px solid #004f9f; margin-left: .5rem; }
  :focus-visible { outline: 3px solid #ff9f1c; outline-offset: 2px; }
  .error { color: #a40000; border-left: 4px solid #a40000; padding: .5rem 1rem; background: #fdf0f0; }
  .hint { color: #4a5663; font-size: .9rem; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;

export interface SignInForm {
  readonly action: string;
  readonly login?: string;
  readonly error?: string;
}

/** The embedded issuer's sign-in form. */
export const signInPage = (form: SignInForm): string =>
  page(
    form.error ? 'Erreur de connexion' : 'Connexion',
    `<h1>Connexion à DIGIT</h1>
<p class="hint">Services partagés de Grand Paris Seine Ouest. Tous les champs sont obligatoires.</p>
${form.error ? `<div id="erreur" class="error" role="alert"><p>${escapeHtml(form.error)}</p></div>` : ''}
<form method="post" action="${escapeHtml(form.action)}" novalidate>
  <label for="login">Identifiant</label>
  <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required
    value="${escapeHtml(form.login ?? '')}"${form.error ? ' aria-invalid="true" aria-describedby="erreur"' : ''}${form.error || !form.login ? ' autofocus' : ''}>
  <label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${form.error ? ' aria-invalid="true" aria-describedby="erreur"' : ''}${!form.error && form.login ? ' autofocus' : ''}>
  <button type="submit">Se connecter</button>
</form>`,
  );

/** A page that only says something (an error, a state), with an optional way on. */
export const messagePage = (title: string, message: string, link?: { href: string; text: string }): string =>
  page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p role="status">${escapeHtml(message)}</p>
${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}`,
  );

/** A page asking to confirm an action with a POST (signing out, using a sign-in link). */
export const confirmPage = (options: {
  title: string;
  message: string;
  action: string;
  button: string;
  fields?: Readonly<Record<string, string>>;
}): string =>
  page(
    options.title,
    `<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>
<form method="post" action="${escapeHtml(options.action)}">
${Object.entries(options.fields ?? {})
  .map(([name, value]) => `  <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
  .join('\n')}
  <button type="submit" autofocus>${escapeHtml(options.button)}</button>
</form>`,
  );

/** oidc-provider's sign-out confirmation: its own form (with its anti-forgery field), our words. */
export const issuerLogoutPage = (providerForm: string): string =>
  page(
    'Déconnexion',
    `<h1>Se déconnecter de DIGIT ?</h1>
${providerForm}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Oui, me déconnecter</button>
<button type="submit" form="op.logoutForm" class="secondary">Non, rester connecté</button>`,
  );
