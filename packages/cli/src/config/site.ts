/**
 * valibot schemas of the `site` function (CloudFront viewer-request, `packages/edgeward/src/cloudfront/config.ts`) and of
 * CloudFront signed cookies (`packages/edgeward/src/core/signed-cookies/config.ts`), checked at compile time against the
 * runtime types.
 *
 * @module
 */

import { DIRECTORY_INDEX, type SiteConfig } from 'edgeward/internal/cloudfront/config.js';
import {
  AWS_REGION,
  IDENTITY_POOL_ID,
  type IdentityPoolConfig,
} from 'edgeward/internal/core/identity-pool/config.js';
import type { OAuthClientConfig, OAuthEndpointsConfig } from 'edgeward/internal/core/oauth/types.js';
import { validateReturnPath } from 'edgeward/internal/core/session/return-to.js';
import type { SessionCookieOptions } from 'edgeward/internal/core/session/session-cookies.js';
import type {
  SignedCookiePrivateKeySource,
  SignedCookiesConfig,
} from 'edgeward/internal/core/signed-cookies/config.js';
import * as v from 'valibot';
import { type FileFunction, issuerRefSchema, logLevelSchema } from './functions-common.js';
import { boolean, integerIn, nonEmptyString, nonEmptyStringArray, oneOf, strict, url } from './primitives.js';
import { originPathsSchema, rulesConfigSchema } from './rules.js';
import type { AssertSameShape, Expect } from './type-check.js';

const pathMessage = 'expected an absolute path starting with "/"';
const absolutePath = () => v.pipe(v.string(pathMessage), v.startsWith('/', pathMessage));
const errorPageMessage = 'expected the path of a page on the origin, e.g. "/errors/403.html" (no query)';
/** A `ResponsePagePath`: a same-host path without query or fragment. */
const errorPagePath = () =>
  v.pipe(
    v.string(errorPageMessage),
    v.check((p) => validateReturnPath(p) === p && !/[?#]/.test(p), errorPageMessage),
  );
/** What a state secret must be (also used for a missing one under cookie login). */
export const base64urlKeyMessage =
  'expected a base64url string of at least 32 bytes (e.g. `openssl rand -base64 32 | tr +/ -_ | tr -d =`)';
const regionMessage = 'expected an AWS region such as "us-east-1"';
const directoryIndexMessage = 'expected an index file name such as "index.html" (no path)';
const prefixMessage = 'expected a cookie name prefix of letters, digits, "_" and "-" (at most 64)';

/** {@link OAuthEndpointsConfig}. */
export const oauthEndpointsSchema = strict({
  authorization: v.optional(url()),
  token: v.optional(url()),
  revocation: v.optional(url()),
  logout: v.optional(url()),
  logoutRedirectParam: v.optional(oneOf(['logout_uri', 'post_logout_redirect_uri'])),
});

/** {@link OAuthClientConfig}: `cognitoDomain`, or `endpoints` with at least authorization and token. */
export const oauthClientSchema = v.pipe(
  strict({
    clientId: nonEmptyString(),
    clientSecret: v.optional(nonEmptyString()),
    cognitoDomain: v.optional(
      nonEmptyString('expected a domain such as "myprefix.auth.eu-west-1.amazoncognito.com"'),
    ),
    endpoints: v.optional(oauthEndpointsSchema),
    scopes: v.optional(nonEmptyStringArray()),
    identityProvider: v.optional(nonEmptyString()),
    idpIdentifier: v.optional(nonEmptyString()),
    lang: v.optional(nonEmptyString()),
    timeoutMs: v.optional(integerIn(100, 2000, 'milliseconds')),
  }),
  v.check(
    (c) =>
      c.cognitoDomain !== undefined ||
      (c.endpoints?.authorization !== undefined && c.endpoints.token !== undefined),
    'expected "cognitoDomain", or "endpoints" with "authorization" and "token"',
  ),
);

/** {@link SessionCookieOptions}. */
export const sessionCookiesSchema = strict({
  prefix: v.optional(
    v.pipe(
      v.string(prefixMessage),
      // The same character set the runtime accepts (`SessionCookies`): a prefix it refuses must never be baked.
      v.regex(/^[A-Za-z0-9_-]{1,64}$/, prefixMessage),
    ),
  ),
  naming: v.optional(oneOf(['edgeward', 'amplify'])),
  domain: v.optional(nonEmptyString('expected a domain such as "example.com"')),
  maxAgeSeconds: v.optional(integerIn(60, 400 * 86_400, 'seconds')),
  httpOnly: v.optional(boolean()),
  sameSite: v.optional(oneOf(['lax', 'strict'])),
});

/** {@link SignedCookiePrivateKeySource}. */
export const signedCookiePrivateKeySchema = v.union(
  [
    strict({
      pem: v.pipe(
        v.string('expected an unencrypted PEM private key'),
        v.includes('PRIVATE KEY-----', 'expected an unencrypted PEM private key'),
      ),
    }),
    strict({
      secretsManager: strict({
        secretId: nonEmptyString('expected a secret name or ARN'),
        region: v.pipe(v.string(regionMessage), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, regionMessage)),
        timeoutMs: v.optional(integerIn(100, 5000, 'milliseconds')),
      }),
    }),
  ],
  'expected {"pem": "-----BEGIN PRIVATE KEY-----…"} or {"secretsManager": {"secretId", "region"}}',
);

/** {@link SignedCookiesConfig}. */
export const signedCookiesSchema = strict({
  keyPairId: v.pipe(
    v.string('expected a CloudFront public key id such as "K2JCJMDEHXQW5F"'),
    v.regex(/^[A-Z0-9]{1,128}$/, 'expected a CloudFront public key id such as "K2JCJMDEHXQW5F"'),
  ),
  privateKey: signedCookiePrivateKeySchema,
  hashAlgorithm: v.optional(oneOf(['SHA1', 'SHA256'])),
  resource: v.pipe(
    v.string('expected an http://, https:// or http*:// URL pattern such as "https://{host}/private/*"'),
    v.regex(
      /^(https?|http\*):\/\/\S+$/,
      'expected an http://, https:// or http*:// URL pattern such as "https://{host}/private/*"',
    ),
  ),
  allowedHosts: v.optional(nonEmptyStringArray()),
  maxLifetimeSeconds: v.optional(integerIn(1, 7 * 86_400, 'seconds')),
  notBefore: v.optional(strict({ skewSeconds: v.optional(integerIn(0, 300, 'seconds')) })),
  bindClientIp: v.optional(boolean()),
  cookiePath: v.optional(absolutePath()),
  cookieAttributes: v.optional(
    strict({
      domain: v.optional(nonEmptyString('expected a domain such as "example.com"')),
      sameSite: v.optional(oneOf(['Lax', 'Strict'])),
      persistence: v.optional(oneOf(['session', 'policy'])),
    }),
  ),
  issuePath: absolutePath(),
  appPath: absolutePath(),
  mode: v.optional(oneOf(['route', 'login'])),
  accept: v.optional(
    strict({
      session: v.optional(boolean()),
      bearer: v.optional(boolean()),
      tokenUse: v.optional(
        v.pipe(
          v.array(oneOf(['access', 'id']), 'expected a non-empty array of "access" and/or "id"'),
          v.minLength(1, 'expected a non-empty array of "access" and/or "id"'),
        ),
      ),
    }),
  ),
});

const identityPoolIdMessage =
  'expected an identity pool id REGION:GUID such as "eu-west-1:0f6c1c4e-0000-4000-8000-000000000000"';

/** {@link IdentityPoolConfig}: the same patterns `resolveIdentityPoolConfig` checks at runtime. */
export const identityPoolSchema = v.pipe(
  strict({
    identityPoolId: v.pipe(v.string(identityPoolIdMessage), v.regex(IDENTITY_POOL_ID, identityPoolIdMessage)),
    region: v.optional(v.pipe(v.string(regionMessage), v.regex(AWS_REGION, regionMessage))),
    path: v.optional(absolutePath()),
    endpoint: v.optional(url()),
    timeoutMs: v.optional(integerIn(100, 3000, 'milliseconds')),
  }),
  v.check(
    (c) => c.region === undefined || c.identityPoolId.startsWith(`${c.region}:`),
    'expected "region" to be the region part of "identityPoolId" (or leave it out)',
  ),
);

/** The `site` function: {@link SiteConfig} with `issuer` as a name. */
export const siteFunctionSchema = strict({
  type: v.literal('site'),
  issuer: issuerRefSchema,
  client: v.optional(oauthClientSchema),
  cookieLogin: v.optional(boolean()),
  bearer: v.optional(boolean()),
  sessionTokenUse: v.optional(oneOf(['id', 'access'])),
  paths: v.optional(strict({ callback: v.optional(absolutePath()), signOut: v.optional(absolutePath()) })),
  cookies: v.optional(sessionCookiesSchema),
  stateSecret: v.optional(
    v.pipe(
      v.string(base64urlKeyMessage),
      v.regex(/^[A-Za-z0-9_-]+$/, base64urlKeyMessage),
      v.check((s) => Buffer.from(s, 'base64url').byteLength >= 32, base64urlKeyMessage),
    ),
  ),
  stateTtlSeconds: v.optional(integerIn(60, 3600, 'seconds')),
  rules: rulesConfigSchema,
  originPaths: v.optional(originPathsSchema),
  nonNavigation: v.optional(oneOf(['unauthorized', 'redirect'])),
  identityHeaders: v.optional(
    strict({
      enabled: v.optional(boolean()),
      claims: v.optional(
        v.record(
          v.pipe(
            v.string('expected a header suffix of lower-case letters, digits and "-"'),
            v.regex(
              /^[a-z0-9][a-z0-9-]{0,40}$/,
              'expected a header suffix of lower-case letters, digits and "-"',
            ),
          ),
          nonEmptyString('expected a claim name'),
          'expected an object mapping header suffixes to claim names',
        ),
      ),
    }),
  ),
  forwardSessionCookies: v.optional(boolean()),
  signOut: v.optional(
    strict({
      postLogoutRedirect: v.optional(nonEmptyString('expected a same-host path or an https URL')),
      revokeRefreshToken: v.optional(boolean()),
    }),
  ),
  signedCookies: v.optional(signedCookiesSchema),
  revealRequirements: v.optional(boolean()),
  errorPages: v.optional(
    strict({
      '400': v.optional(errorPagePath()),
      '403': v.optional(errorPagePath()),
      '502': v.optional(errorPagePath()),
    }),
  ),
  logLevel: v.optional(logLevelSchema),
  identityPool: v.optional(identityPoolSchema),
  directoryIndex: v.optional(
    v.pipe(
      v.string(directoryIndexMessage),
      // The same pattern the runtime checks (`checkSiteFields`).
      v.regex(DIRECTORY_INDEX, directoryIndexMessage),
    ),
  ),
});

/** `site` entry of the config file. */
export type SiteFunction = FileFunction<'site', SiteConfig>;

export type SiteSchemaChecks = [
  Expect<AssertSameShape<v.InferOutput<typeof oauthEndpointsSchema>, OAuthEndpointsConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof oauthClientSchema>, OAuthClientConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof sessionCookiesSchema>, SessionCookieOptions>>,
  Expect<AssertSameShape<v.InferOutput<typeof signedCookiePrivateKeySchema>, SignedCookiePrivateKeySource>>,
  Expect<AssertSameShape<v.InferOutput<typeof signedCookiesSchema>, SignedCookiesConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof identityPoolSchema>, IdentityPoolConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof siteFunctionSchema>, SiteFunction>>,
];
