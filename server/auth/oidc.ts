import * as client from 'openid-client';
import type { Audience, OidcClientSettings } from './config.js';
import type { PendingSignIn } from './sessions.js';

/**
 * OpenID Connect sign-in for one audience (citizens through ID-porten, staff through the
 * municipality's identity provider): the authorization code flow with PKCE (S256), state and
 * nonce. The provider's metadata is discovered at the first sign-in and kept; a failed
 * discovery is retried at the next one, so the product starts even when the provider is down.
 */
export interface SignedInClaims {
  readonly claims: client.IDToken;
  readonly idToken: string;
}

export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    readonly audience: Audience,
    private readonly settings: OidcClientSettings,
    private readonly redirectUri: string,
    /** Plain http to the provider: only outside production (the tests' loopback provider). */
    private readonly allowHttp: boolean,
  ) {}

  private discover(): Promise<client.Configuration> {
    if (!this.configuration) {
      const insecure = this.allowHttp && this.settings.issuer.startsWith('http:');
      this.configuration = client
        .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
          timeout: 10,
        })
        .catch((error: unknown) => {
          this.configuration = undefined;
          throw error;
        });
    }
    return this.configuration;
  }

  /** The provider's authorization URL, and what the callback must check (kept in the session). */
  async start(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      audience: this.audience,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      returnTo,
      startedAt: Date.now(),
    };
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: this.settings.scope,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    };
    if (this.settings.acrValues.length > 0) parameters.acr_values = this.settings.acrValues.join(' ');
    return { url: client.buildAuthorizationUrl(configuration, parameters), pending };
  }

  /** Exchanges the code of the callback URL; throws unless state, nonce, PKCE, issuer, audience, signature and acr check out. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<SignedInClaims> {
    const configuration = await this.discover();
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('no ID token in the token response');
    if (this.settings.acrValues.length > 0 && !this.settings.acrValues.includes(String(claims.acr))) {
      throw new Error(`the ID token's acr ${String(claims.acr)} is not one of ${this.settings.acrValues.join(', ')}`);
    }
    return { claims, idToken: tokens.id_token };
  }

  /** Where to send the browser to end the session at the provider too, if it supports that. */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    const configuration = await this.discover().catch(() => undefined);
    if (!configuration?.serverMetadata().end_session_endpoint) return undefined;
    const parameters: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri };
    if (idToken) parameters.id_token_hint = idToken;
    return client.buildEndSessionUrl(configuration, parameters).href;
  }
}
