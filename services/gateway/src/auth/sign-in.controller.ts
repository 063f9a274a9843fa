import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { SESSION_LIFETIME_SECONDS, callerOf } from '@digit/identity';
import type { Caller } from '@digit/contracts';
import { DASHBOARD_SIGN_IN, type DashboardSignIn } from './dashboard-sign-in.js';
import { cookieOf, formField, redirect, sendHtml, setCookie, type GatewayRequest } from './http-exchange.js';
import { RoutePolicy } from './route-policy.js';
import { confirmPage, messagePage } from './sign-in.pages.js';

const SIGN_IN_AGAIN = { href: '/auth/login', text: 'Se connecter' };

/** A path of this site to come back to after signing in (never another site: `//host` and `/\host` are refused). */
const safeReturnTo = (value: unknown): string => (typeof value === 'string' && /^\/(?![/\\])[^\s]{0,500}$/.test(value) ? value : '/');

/**
 * The dashboard's sign-in (CONTRACT.md "Who is calling (v1.1)"): the authorization code flow with
 * PKCE against the configured issuer, then a server-side session referenced by an HttpOnly,
 * SameSite=Lax cookie; sign-out; one-time sign-in links from `npm run admin -- login-link`.
 * Public routes: they are how one signs in.
 */
@RoutePolicy({ public: true })
@Controller('auth')
export class SignInController {
  constructor(@Inject(DASHBOARD_SIGN_IN) private readonly signIn: DashboardSignIn) {}

  private sessionCookie(value: string, maxAge: number): string {
    return setCookie(this.signIn.sessionCookie, value, { secure: this.signIn.secureCookies, maxAge });
  }

  private async openSession(response: ServerResponse, caller: Caller, returnTo: string, idToken?: string): Promise<void> {
    const session = await this.signIn.sessions.open(caller, { idToken });
    redirect(response, returnTo, {
      'Set-Cookie': [
        this.sessionCookie(session.id, SESSION_LIFETIME_SECONDS),
        setCookie(this.signIn.signInCookie, '', { secure: this.signIn.secureCookies, path: '/auth', maxAge: 0 }),
      ],
    });
  }

  /** A cross-site form must not sign a browser in or out (login CSRF): browsers name the form's origin. */
  private fromThisSite(request: GatewayRequest): boolean {
    const origin = request.headers.origin;
    return origin === undefined || origin === this.signIn.publicOrigin;
  }

  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Res() response: ServerResponse): Promise<void> {
    let start;
    try {
      start = await this.signIn.relyingParty.start(this.signIn.redirectUri);
    } catch (error) {
      console.error(`sign-in: the identity provider cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      return sendHtml(
        response,
        503,
        messagePage('Connexion indisponible', 'Le fournisseur d’identité ne répond pas ; réessayez dans un instant.', SIGN_IN_AGAIN),
      );
    }
    await this.signIn.pending.save(start, safeReturnTo(returnTo));
    redirect(response, start.url.href, {
      'Set-Cookie': setCookie(this.signIn.signInCookie, start.state, {
        secure: this.signIn.secureCookies,
        path: '/auth',
        maxAge: this.signIn.pending.lifetimeSeconds,
      }),
    });
  }

  @Get('callback')
  async callback(@Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const query = request.query ?? {};
    if (typeof query.error === 'string') {
      return sendHtml(
        response,
        400,
        messagePage('Connexion refusée', `Le fournisseur d’identité a refusé la connexion (${query.error}).`, SIGN_IN_AGAIN),
      );
    }
    // The state must be the one this browser was given: a callback URL sent by someone else fails here.
    const state = typeof query.state === 'string' ? query.state : '';
    const pending = state && state === cookieOf(request, this.signIn.signInCookie) ? await this.signIn.pending.take(state) : undefined;
    if (!pending) {
      return sendHtml(
        response,
        400,
        messagePage('Connexion expirée', 'Cette connexion a expiré ou a déjà servi. Recommencez.', SIGN_IN_AGAIN),
      );
    }
    let tokens;
    try {
      tokens = await this.signIn.relyingParty.finish(new URL(request.originalUrl ?? request.url ?? '/', this.signIn.publicUrl), {
        state,
        ...pending,
      });
    } catch (error) {
      console.error(`sign-in: the code exchange failed: ${error instanceof Error ? error.message : String(error)}`);
      return sendHtml(
        response,
        502,
        messagePage('Connexion impossible', 'Le fournisseur d’identité n’a pas confirmé la connexion. Recommencez.', SIGN_IN_AGAIN),
      );
    }
    // The access token is checked exactly as a bearer token would be: one code path.
    const caller = await this.signIn.verifier.verify(tokens.accessToken).catch(() => undefined);
    if (!caller) {
      return sendHtml(
        response,
        403,
        messagePage('Connexion refusée', 'Le jeton d’accès reçu n’est pas valable pour l’API DIGIT.', SIGN_IN_AGAIN),
      );
    }
    if (caller.roles.length === 0) {
      return sendHtml(
        response,
        403,
        messagePage(
          'Aucun rôle',
          'Votre compte est reconnu mais n’a aucun rôle dans DIGIT : demandez-en un à l’exploitation DIGIT.',
          SIGN_IN_AGAIN,
        ),
      );
    }
    await this.openSession(response, caller, pending.returnTo, tokens.idToken);
  }

  @Get('session')
  async session(@Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const id = this.signIn.sessionIdOf(request);
    const session = id ? await this.signIn.sessions.find(id) : undefined;
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (!session) {
      response.statusCode = 401;
      return void response.end(
        JSON.stringify({ error: 'unauthenticated', message: 'Aucune session : connectez-vous (/auth/login).', details: [] }),
      );
    }
    const { sub, roles, insee } = session.caller;
    response.end(
      JSON.stringify({ sub, roles, ...(insee ? { insee } : {}), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }),
    );
  }

  @Get('logout')
  async logoutPage(@Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const id = this.signIn.sessionIdOf(request);
    const session = id ? await this.signIn.sessions.find(id) : undefined;
    if (!session) return sendHtml(response, 200, messagePage('Déconnexion', 'Vous n’êtes pas connecté.', SIGN_IN_AGAIN));
    sendHtml(
      response,
      200,
      confirmPage({
        title: 'Déconnexion',
        message: `Connecté en tant que ${session.caller.sub}.`,
        action: '/auth/logout',
        button: 'Se déconnecter',
        fields: { csrf: session.csrfToken },
      }),
    );
  }

  @Post('logout')
  async logout(@Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const id = this.signIn.sessionIdOf(request);
    const session = id ? await this.signIn.sessions.find(id) : undefined;
    const token = formField(request, 'csrf') || request.headers['x-csrf-token'];
    if (session && (token !== session.csrfToken || !this.fromThisSite(request))) {
      return sendHtml(
        response,
        403,
        messagePage('Déconnexion refusée', 'Demande de déconnexion invalide : utilisez le bouton de la page de déconnexion.', {
          href: '/auth/logout',
          text: 'Page de déconnexion',
        }),
      );
    }
    const closed = id ? await this.signIn.sessions.close(id) : undefined;
    const loggedOut = `${this.signIn.publicUrl}/auth/logged-out`;
    // A session from the issuer also ends there; one from a sign-in link has no issuer session.
    const issuerSignOut = closed?.idToken ? await this.signIn.relyingParty.signOutUrl(loggedOut, closed.idToken) : undefined;
    redirect(response, issuerSignOut?.href ?? '/auth/logged-out', { 'Set-Cookie': this.sessionCookie('', 0) });
  }

  @Get('logged-out')
  loggedOut(@Res() response: ServerResponse): void {
    sendHtml(response, 200, messagePage('Déconnecté', 'Vous êtes déconnecté de DIGIT.', { href: '/auth/login', text: 'Se reconnecter' }));
  }

  @Get('link/:token')
  async linkPage(@Param('token') token: string, @Res() response: ServerResponse): Promise<void> {
    const links = this.signIn.loginLinks;
    if (!links)
      return sendHtml(
        response,
        404,
        messagePage('Lien inconnu', 'Les liens de connexion n’existent qu’avec le fournisseur d’identité intégré.'),
      );
    if (!(await links.usable(token)))
      return sendHtml(response, 410, messagePage('Lien expiré', 'Ce lien de connexion a déjà servi ou a expiré. Demandez-en un nouveau.'));
    // A link opened by a mail scanner must not be used up: signing in takes a click (POST).
    sendHtml(
      response,
      200,
      confirmPage({
        title: 'Connexion par lien',
        message: 'Ce lien vous connecte une seule fois au tableau de bord DIGIT.',
        action: `/auth/link/${token}`,
        button: 'Se connecter',
      }),
    );
  }

  @Post('link/:token')
  async useLink(@Param('token') token: string, @Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const links = this.signIn.loginLinks;
    if (!links)
      return sendHtml(
        response,
        404,
        messagePage('Lien inconnu', 'Les liens de connexion n’existent qu’avec le fournisseur d’identité intégré.'),
      );
    if (!this.fromThisSite(request))
      return sendHtml(response, 403, messagePage('Lien refusé', 'Ce lien doit être ouvert directement, pas depuis un autre site.'));
    const person = await links.consume(token);
    if (!person)
      return sendHtml(response, 410, messagePage('Lien expiré', 'Ce lien de connexion a déjà servi ou a expiré. Demandez-en un nouveau.'));
    await this.openSession(response, callerOf(person), '/');
  }
}
