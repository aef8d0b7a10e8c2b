/**
 * Test harness for the viewer-request handler: a site configuration against the local token endpoint,
 * a handler with the pinned clock and a capturing logger, a tiny browser cookie jar that applies
 * `Set-Cookie` headers the way a browser would (Max-Age=0 deletes), and the steps of the hosted-UI login
 * (start, sign in at the IdP, callback).
 */
import type { CloudFrontRequest, CloudFrontRequestResult, CloudFrontResultResponse } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { expect } from 'vitest';
import type { SiteConfig } from '../../packages/edgeward/src/cloudfront/config.js';
import { createViewerRequestHandler } from '../../packages/edgeward/src/cloudfront/index.js';
import type { LogRecord } from '../../packages/edgeward/src/core/runtime.js';
import {
  NAVIGATION,
  type ViewerRequestOptions,
  viewerRequest,
} from '../fixtures/cloudfront/viewer-request.js';
import { cognitoIssuer, servedJwks } from '../helpers/issuers.js';
import { CLIENT_ID, FIXED_NOW_MS } from '../helpers/keys.js';
import { assertValidViewerRequestResult } from './contract.js';
import type { TokenEndpoint } from './token-endpoint.js';

/** 32 bytes, base64url: the state-cookie HMAC secret of the tests. */
export const STATE_SECRET = Buffer.alloc(32, 7).toString('base64url');

/** A cookie-login + Bearer site against `idp`, with `overrides` merged on top. */
export function siteConfig(idp: TokenEndpoint, overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    issuer: cognitoIssuer(servedJwks(idp.jwksUri)),
    client: { clientId: CLIENT_ID, cognitoDomain: idp.origin, scopes: ['openid', 'email'] },
    stateSecret: STATE_SECRET,
    rules: {
      rules: [
        { path: '/public/*', access: 'public' },
        { path: '/admin/*', groups: ['admins'] },
        { path: '/users/{sub}/*' },
        { path: '/users/*', access: 'deny' },
      ],
    },
    identityHeaders: { enabled: true, claims: { email: 'email' } },
    ...overrides,
  };
}

/** A mutable clock starting at the pinned time. */
export function movableClock(): { now: () => number; advance: (seconds: number) => void } {
  let t = FIXED_NOW_MS;
  return {
    now: () => t,
    advance: (s) => {
      t += s * 1000;
    },
  };
}

/** A handler plus what it logged. */
export interface Harness {
  readonly handle: (options?: ViewerRequestOptions) => Promise<CloudFrontRequestResult>;
  readonly logs: LogRecord[];
  readonly clock: ReturnType<typeof movableClock>;
}

/** Builds a handler whose every result is checked with the shared contract assertion. */
export function harness(config: SiteConfig, clock = movableClock()): Harness {
  const logs: LogRecord[] = [];
  const handler = createViewerRequestHandler(config, { clock: clock.now, logger: (r) => logs.push(r) });
  return {
    logs,
    clock,
    handle: async (options = {}) => {
      const event = viewerRequest(options);
      const result = await handler(event);
      assertValidViewerRequestResult(result, event);
      return result;
    },
  };
}

/** The result as a generated response (fails the test when it was forwarded). */
export function asResponse(result: CloudFrontRequestResult): CloudFrontResultResponse {
  expect(result && 'status' in result, 'expected a generated response').toBe(true);
  return result as CloudFrontResultResponse;
}

/** The result as a forwarded request (fails the test when a response was generated). */
export function asRequest(result: CloudFrontRequestResult): CloudFrontRequest {
  if (result && 'status' in result) {
    expect.fail(`expected the request to be forwarded, got ${result.status}: ${result.body ?? ''}`);
  }
  return result as CloudFrontRequest;
}

/** All values of a response header. */
export function header(result: CloudFrontResultResponse, name: string): string[] {
  return (result.headers?.[name] ?? []).map((h) => h.value);
}

/** A browser cookie jar (host-only; ignores Path/Domain beyond recording the attributes). */
export class Jar {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie strings received, most recent last. */
  readonly received: string[] = [];

  /** Applies the Set-Cookie headers of a response. */
  apply(result: CloudFrontRequestResult): this {
    if (!result || !('status' in result)) return this;
    for (const raw of header(result, 'set-cookie')) {
      this.received.push(raw);
      const [pair, ...attrs] = raw.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (maxAge && Number(maxAge.split('=')[1]) <= 0) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  /** One `Cookie` header value with every cookie. */
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  /** `cookies` option for `viewerRequest`. */
  entries(): string[] {
    return this.cookies.size ? [this.header()] : [];
  }
}

/** The Set-Cookie string for cookie `name` in a response, or undefined. */
export function setCookie(result: CloudFrontResultResponse, name: string): string | undefined {
  return header(result, 'set-cookie').find((c) => c.startsWith(`${name}=`));
}

/** A browser navigation (top-level GET with Fetch Metadata) to `uri` carrying `cookies` (Cookie entries). */
export function navigate(
  h: Harness,
  uri: string,
  cookies: readonly string[] = [],
): Promise<CloudFrontRequestResult> {
  return h.handle({ uri, headers: NAVIGATION, cookies });
}

/** A login started by a navigation without a session: edgeward's 302 to the authorization endpoint. */
export interface StartedLogin {
  readonly res: CloudFrontResultResponse;
  /** The browser's jar, holding the state cookie. */
  readonly jar: Jar;
  /** The authorization endpoint URL edgeward redirected to. */
  readonly location: string;
}

/** Navigates to `uri?querystring` without a session (default `/docs/page`, no query) to start a login. */
export async function startLogin(
  h: Harness,
  target: { readonly uri?: string; readonly querystring?: string } = {},
): Promise<StartedLogin> {
  const { uri = '/docs/page', querystring = '' } = target;
  const res = asResponse(await h.handle({ uri, querystring, headers: NAVIGATION }));
  const jar = new Jar().apply(res);
  return { res, jar, location: header(res, 'location')[0]! };
}

/**
 * Completes the hosted-UI step: the query the IdP redirects to the callback with (`code` issued by `idp`
 * for this authorization request, with `claims` overriding the tokens' claims, and the `state`).
 */
export function callbackQuery(idp: TokenEndpoint, location: string, claims: JWTPayload = {}): string {
  const state = new URL(location).searchParams.get('state')!;
  const code = idp.issueCode(location, claims);
  return new URLSearchParams({ code, state }).toString();
}

/** The IdP's redirect back to the callback path, as a navigation carrying `cookies`. */
export async function callback(
  h: Harness,
  querystring: string,
  cookies: readonly string[] = [],
): Promise<CloudFrontResultResponse> {
  return asResponse(
    await h.handle({ uri: '/_edgeward/callback', querystring, headers: NAVIGATION, cookies }),
  );
}

/**
 * The whole hosted-UI login from a navigation to `uri`: returns the callback's response and the jar (with
 * the state cookie; the callback's `Set-Cookie` headers not applied yet).
 */
export async function logIn(
  h: Harness,
  idp: TokenEndpoint,
  uri: string,
  claims: JWTPayload = {},
): Promise<{ res: CloudFrontResultResponse; jar: Jar }> {
  const { jar, location } = await startLogin(h, { uri });
  return { res: await callback(h, callbackQuery(idp, location, claims), jar.entries()), jar };
}
