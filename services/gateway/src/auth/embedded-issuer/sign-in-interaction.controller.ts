import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AccountStore } from '@digit/identity';
import { RoutePolicy } from '../route-policy.js';
import { formField, sendHtml, type GatewayRequest } from '../http-exchange.js';
import { messagePage, signInPage } from '../sign-in.pages.js';
import { INTERACTION_PATH } from './embedded-issuer.js';
import type { SignInLimiter } from './sign-in-limiter.js';

export const EMBEDDED_ISSUER = Symbol('EMBEDDED_ISSUER');

/** What the sign-in form needs of the embedded issuer. */
export interface EmbeddedIssuer {
  readonly provider: Provider;
  readonly accounts: AccountStore;
  readonly limiter: SignInLimiter;
}

const expired = (response: ServerResponse) =>
  sendHtml(
    response,
    400,
    messagePage(
      'Demande de connexion expirée',
      'Cette demande de connexion a expiré ou a déjà servi. Recommencez depuis la page de connexion.',
      {
        href: '/auth/login',
        text: 'Recommencer la connexion',
      },
    ),
  );

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * The embedded issuer's sign-in form (`/auth/interaction/<uid>`, where oidc-provider sends the
 * browser). Public: nobody is signed in yet. Failed attempts are counted per login and per
 * address; beyond the limits the form answers 429 without checking any password.
 */
@RoutePolicy({ public: true })
@Controller(INTERACTION_PATH.slice(1))
export class SignInInteractionController {
  constructor(@Inject(EMBEDDED_ISSUER) private readonly issuer: EmbeddedIssuer) {}

  private async details(request: GatewayRequest, response: ServerResponse, uid: string) {
    try {
      const details = await this.issuer.provider.interactionDetails(request, response);
      return details.uid === uid && details.prompt.name === 'login' ? details : undefined;
    } catch {
      return undefined;
    }
  }

  @Get(':uid')
  async form(@Param('uid') uid: string, @Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    const details = await this.details(request, response, uid);
    if (!details) return expired(response);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    sendHtml(response, 200, signInPage({ action: `${INTERACTION_PATH}/${uid}`, login: hint }));
  }

  @Post(':uid')
  async signIn(@Param('uid') uid: string, @Req() request: GatewayRequest, @Res() response: ServerResponse): Promise<void> {
    if (!(await this.details(request, response, uid))) return expired(response);
    const action = `${INTERACTION_PATH}/${uid}`;
    const login = formField(request, 'login').trim().toLowerCase().slice(0, 200);
    const password = formField(request, 'password').slice(0, 1000);
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const wait = await this.issuer.limiter.retryAfter(login, address);
    if (wait > 0) {
      const error = `Trop de tentatives de connexion. Réessayez dans ${minutes(wait)} minute${minutes(wait) > 1 ? 's' : ''}.`;
      return sendHtml(response, 429, signInPage({ action, login, error }), { 'Retry-After': String(wait) });
    }
    if (!login || !password) {
      return sendHtml(response, 400, signInPage({ action, login, error: 'Saisissez votre identifiant et votre mot de passe.' }));
    }
    const account = await this.issuer.accounts.authenticate(login, password);
    if (!account) {
      await this.issuer.limiter.recordFailure(login, address);
      return sendHtml(response, 401, signInPage({ action, login, error: 'Identifiant ou mot de passe incorrect.' }));
    }
    await this.issuer.limiter.recordSuccess(login, address);
    await this.issuer.provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.login } },
      { mergeWithLastSubmission: false },
    );
  }
}
