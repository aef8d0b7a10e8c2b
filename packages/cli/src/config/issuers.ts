/**
 * valibot schemas of the issuer profiles ({@link IssuerConfig}, `packages/edgeward/src/core/config.ts`), each checked at
 * compile time against the runtime type it validates.
 *
 * @module
 */

import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  IssuerConfig,
  Jwks,
  JwksPolicy,
  OidcIssuerConfig,
  SecretSource,
} from 'edgeward/internal/core/config.js';
import * as v from 'valibot';
import { boolean, integerIn, nonEmptyString, nonEmptyStringArray, strict, url } from './primitives.js';
import type { AssertSameShape, Expect } from './type-check.js';

/** JWK members that only private (or symmetric) keys have; a JWKS must never contain them. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const jwkMessage = 'expected a public JWK object with a "kty"';

/** A public JWK (RFC 7517 §4). Private key members are refused. */
export const jwkSchema = v.pipe(
  v.looseObject(
    {
      kty: nonEmptyString(jwkMessage),
      kid: v.optional(nonEmptyString()),
      alg: v.optional(nonEmptyString()),
      use: v.optional(nonEmptyString()),
    },
    jwkMessage,
  ),
  v.check(
    (jwk) => PRIVATE_JWK_MEMBERS.every((m) => !(m in jwk)),
    'expected a public key (private or symmetric key members such as "d" or "k" must not be baked)',
  ),
);

/** A JWKS (RFC 7517 §5) baked into the bundle. */
export const jwksSchema = strict({
  keys: v.pipe(
    v.array(jwkSchema, 'expected a non-empty array of JWKs'),
    v.minLength(1, 'expected a non-empty array of JWKs'),
  ),
});

/** {@link JwksPolicy}. */
export const jwksPolicySchema = strict({
  cooldownSeconds: v.optional(integerIn(0, 86_400, 'seconds')),
  ttlSeconds: v.optional(integerIn(60, 7 * 86_400, 'seconds')),
  timeoutMs: v.optional(integerIn(100, 5_000, 'milliseconds')),
  allowHttp: v.optional(boolean()),
});

/** Fields common to every issuer profile ({@link IssuerCommon}). */
const commonEntries = {
  clockToleranceSeconds: v.optional(integerIn(0, 300, 'seconds')),
  maxTokenBytes: v.optional(integerIn(512, 16_384, 'bytes')),
  requiredClaims: v.optional(nonEmptyStringArray()),
  groupsClaim: v.optional(nonEmptyString()),
  cacheSize: v.optional(integerIn(0, 100_000, 'entries')),
};

const regionMessage = 'expected an AWS region such as "eu-west-1"';
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
const poolMessage = 'expected a user pool id such as "eu-west-1_AbCdEf123"';

/** {@link CognitoIssuerConfig}. */
export const cognitoIssuerSchema = v.pipe(
  strict({
    kind: v.literal('cognito'),
    region: v.pipe(v.string(regionMessage), v.regex(REGION_PATTERN, regionMessage)),
    userPoolId: v.pipe(v.string(poolMessage), v.regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, poolMessage)),
    clientIds: nonEmptyStringArray(),
    jwksUri: v.optional(url()),
    jwks: v.optional(jwksSchema),
    jwksPolicy: v.optional(jwksPolicySchema),
    ...commonEntries,
  }),
  v.forward(
    v.check(
      (c) => !REGION_PATTERN.test(c.region) || c.userPoolId.startsWith(`${c.region}_`),
      'expected a user pool id that starts with the issuer region and "_"',
    ),
    ['userPoolId'],
  ),
);

/** Asymmetric JWS algorithms an OIDC issuer may use (never `none` or `HS*`: algorithm confusion). */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const algorithmsMessage = `expected a non-empty array of asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')})`;
const isAsymmetric = (alg: string): boolean => (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg);

/** {@link OidcIssuerConfig}. */
export const oidcIssuerSchema = strict({
  kind: v.literal('oidc'),
  issuer: url(),
  jwksUri: url(),
  algorithms: v.optional(
    v.pipe(
      nonEmptyStringArray(algorithmsMessage),
      v.check((algs) => algs.every((a) => isAsymmetric(a)), algorithmsMessage),
    ),
  ),
  audience: v.optional(nonEmptyStringArray()),
  clientIds: v.optional(nonEmptyStringArray()),
  jwks: v.optional(jwksSchema),
  jwksPolicy: v.optional(jwksPolicySchema),
  ...commonEntries,
});

/** Minimum HS256 secret length in bytes (RFC 7518 §3.2: a key of the same size as the hash output). */
export const MIN_HS256_SECRET_BYTES = 32;

const base64urlSecretMessage = `expected a base64url string of at least ${MIN_HS256_SECRET_BYTES} bytes (256 bits)`;
const envNameMessage = 'expected an environment variable name such as "JWT_SECRET"';

/** {@link SecretSource}. */
export const secretSourceSchema = v.union(
  [
    strict({
      base64url: v.pipe(
        v.string(base64urlSecretMessage),
        v.regex(/^[A-Za-z0-9_-]+$/, base64urlSecretMessage),
        v.check(
          (s) => Buffer.from(s, 'base64url').byteLength >= MIN_HS256_SECRET_BYTES,
          base64urlSecretMessage,
        ),
      ),
    }),
    strict({ env: v.pipe(v.string(envNameMessage), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, envNameMessage)) }),
    strict({
      secretsManager: strict({
        secretId: nonEmptyString(),
        region: v.pipe(v.string(regionMessage), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, regionMessage)),
      }),
    }),
  ],
  'expected one of {"base64url": "…"}, {"env": "NAME"} or {"secretsManager": {"secretId", "region"}}',
);

/** {@link Hs256IssuerConfig}. */
export const hs256IssuerSchema = strict({
  kind: v.literal('hs256'),
  secret: secretSourceSchema,
  issuer: v.optional(nonEmptyString()),
  audience: v.optional(nonEmptyStringArray()),
  ...commonEntries,
});

/** {@link IssuerConfig}, discriminated by `kind`. */
export const issuerSchema = v.variant(
  'kind',
  [cognitoIssuerSchema, oidcIssuerSchema, hs256IssuerSchema],
  (issue) =>
    issue.received === 'undefined' || issue.expected === 'Object'
      ? 'expected an issuer object with "kind": "cognito", "oidc" or "hs256"'
      : 'expected "cognito", "oidc" or "hs256"',
);

// Compile-time proof that each schema accepts exactly the runtime type's shape.
export type IssuerSchemaChecks = [
  Expect<AssertSameShape<v.InferOutput<typeof jwksSchema>, Jwks>>,
  Expect<AssertSameShape<v.InferOutput<typeof jwksPolicySchema>, JwksPolicy>>,
  Expect<AssertSameShape<v.InferOutput<typeof cognitoIssuerSchema>, CognitoIssuerConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof oidcIssuerSchema>, OidcIssuerConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof secretSourceSchema>, SecretSource>>,
  Expect<AssertSameShape<v.InferOutput<typeof hs256IssuerSchema>, Hs256IssuerConfig>>,
  Expect<AssertSameShape<v.InferOutput<typeof issuerSchema>, IssuerConfig>>,
];
