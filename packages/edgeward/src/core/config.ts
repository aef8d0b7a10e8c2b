/**
 * Runtime configuration types shared by every adapter. These describe configuration that has **already
 * been validated** (by the CLI/CDK at build time, `packages/cli/src/config/`); edge bundles carry no validator.
 * Everything here is plain JSON data so it can be baked into a bundle.
 *
 * Times are in **seconds** unless a field name ends in `Ms`.
 *
 * @module
 */

/** A JSON Web Key Set (RFC 7517 §5). */
export interface Jwks {
  /** The keys (RFC 7517 §5.1). */
  readonly keys: readonly JsonWebKeyLike[];
}

/** A JSON Web Key (RFC 7517 §4); only public keys belong in a JWKS. */
export interface JsonWebKeyLike {
  /** Key type, e.g. `RSA`, `EC` (RFC 7517 §4.1). */
  readonly kty: string;
  /** Key ID, matched against a token header's `kid` (RFC 7517 §4.5). */
  readonly kid?: string;
  /** The algorithm the key is for, e.g. `RS256` (RFC 7517 §4.4). */
  readonly alg?: string;
  /** Public key use: `sig` or `enc` (RFC 7517 §4.2); an `enc` key never verifies a token. */
  readonly use?: string;
  /** The key-type parameters (`n`, `e`, `crv`, `x`, `y`, …; RFC 7518 §6). */
  readonly [member: string]: unknown;
}

/** JWKS fetching and caching behaviour for issuers verified with a JWKS. */
export interface JwksPolicy {
  /**
   * Minimum seconds between two fetches triggered by an unknown `kid` (and after a failed fetch). Loading
   * keys does not start it: the first unknown `kid` after a load refetches at once. Default 30.
   */
  readonly cooldownSeconds?: number;
  /** Seconds after which fetched keys are re-validated against the JWKS URI. Default 3600. */
  readonly ttlSeconds?: number;
  /** Timeout of one JWKS fetch in milliseconds. Default 1500. */
  readonly timeoutMs?: number;
  /** Allow a plain `http:` JWKS URI (local stack, tests on 127.0.0.1). Default false. */
  readonly allowHttp?: boolean;
}

/** Options common to every issuer profile. */
export interface IssuerCommon {
  /** Clock skew tolerated on `exp`/`nbf`/`iat`, in seconds. Default 0, at most 300. */
  readonly clockToleranceSeconds?: number;
  /** Tokens longer than this many bytes are rejected before parsing (`token_too_large`). Default 8192. */
  readonly maxTokenBytes?: number;
  /** Claims that must be present (e.g. `["cognito:groups"]`), else `token_claim_missing`. Default none. */
  readonly requiredClaims?: readonly string[];
  /** Claim holding the user's groups. Default `cognito:groups`. */
  readonly groupsClaim?: string;
  /** Verified-token LRU cache size (entries); 0 disables it. Default 1000. */
  readonly cacheSize?: number;
}

/**
 * An Amazon Cognito user pool. Issuer `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`,
 * JWKS at `{issuer}/.well-known/jwks.json`, RS256.
 *
 * @see [Amazon Cognito Developer Guide - Verifying a JSON Web Token](https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
 */
export interface CognitoIssuerConfig extends IssuerCommon {
  /** Discriminant: an Amazon Cognito user pool. */
  readonly kind: 'cognito';
  /** AWS region of the pool, e.g. `eu-west-1`. */
  readonly region: string;
  /** The pool id, e.g. `eu-west-1_AbCdEf123`. */
  readonly userPoolId: string;
  /** App client ids accepted in `client_id` (access tokens) and `aud` (id tokens). Non-empty. */
  readonly clientIds: readonly string[];
  /** Override of the JWKS URI (the local stack serves the pool's JWKS on 127.0.0.1). Default derived. */
  readonly jwksUri?: string;
  /** A JWKS baked into the bundle: zero network on a cold start. */
  readonly jwks?: Jwks;
  /** JWKS fetching and caching. Defaults as documented on {@link JwksPolicy}. */
  readonly jwksPolicy?: JwksPolicy;
}

/** Any OpenID Connect issuer with a JWKS. */
export interface OidcIssuerConfig extends IssuerCommon {
  /** Discriminant: an OpenID Connect issuer verified with its JWKS. */
  readonly kind: 'oidc';
  /** Exact `iss` value. */
  readonly issuer: string;
  /** The issuer's JWKS URI (`jwks_uri` of its discovery document); `https:` unless `jwksPolicy.allowHttp`. */
  readonly jwksUri: string;
  /** Allowed JWS algorithms. Default `["RS256"]`. */
  readonly algorithms?: readonly string[];
  /** Accepted `aud` values; when absent `aud` is not checked. */
  readonly audience?: readonly string[];
  /** Accepted `client_id` values for access tokens that carry one (Cognito-style); optional. */
  readonly clientIds?: readonly string[];
  /** A JWKS baked into the bundle: zero network on a cold start. */
  readonly jwks?: Jwks;
  /** JWKS fetching and caching. Defaults as documented on {@link JwksPolicy}. */
  readonly jwksPolicy?: JwksPolicy;
}

/**
 * Where an HS256 shared secret comes from. Baked bytes (base64url) are for build-time baking; `env`
 * names an environment variable (regular Lambdas only, not Lambda@Edge); `secretsManager` is resolved
 * once per container by the separate Secrets Manager entry point.
 */
export type SecretSource =
  | { readonly base64url: string }
  | { readonly env: string }
  | { readonly secretsManager: { readonly secretId: string; readonly region: string } };

/** Shared-secret HS256 tokens (scenario E). The secret must be at least 32 bytes. */
export interface Hs256IssuerConfig extends IssuerCommon {
  /** Discriminant: shared-secret HS256 tokens (RFC 7518 §3.2). */
  readonly kind: 'hs256';
  /** Where the shared secret (at least 32 bytes) comes from. */
  readonly secret: SecretSource;
  /** Exact `iss` required when set. */
  readonly issuer?: string;
  /** Accepted `aud` values when set. */
  readonly audience?: readonly string[];
}

/** One issuer profile. */
export type IssuerConfig = CognitoIssuerConfig | OidcIssuerConfig | Hs256IssuerConfig;

/** Which Cognito token a component accepts (`token_use` claim). */
export type TokenUse = 'id' | 'access';

/**
 * What a rule grants. `public`: no credentials needed. `authenticated`: any verified token.
 * `deny`: always refused (403, explicit Deny in IAM policies).
 */
export type RuleAccess = 'public' | 'authenticated' | 'deny';

/**
 * One authorization rule. Rules are ordered; the first rule whose `path` (or `resource`) and `methods`
 * match the request decides. A rule with requirements (`groups`, `allGroups`, `scopes`, `claims`) implies
 * `access: 'authenticated'` plus those requirements.
 */
export interface RuleConfig {
  /**
   * A CloudFront path pattern (case-sensitive; `*` any characters including `/`; `?` exactly one
   * character). May interpolate a verified claim in braces, e.g. `/users/{sub}/*` or
   * `/teams/{cognito:groups}/*` (any one of the user's groups); interpolated values match literally.
   * Exactly one of `path` and `resource` is set.
   */
  readonly path?: string;
  /**
   * An API Gateway resource path (`/pets/{id}`, `/files/{proxy+}`): `{name}` matches one path segment,
   * `{name+}` one or more segments. For authorizers only.
   */
  readonly resource?: string;
  /** HTTP methods (upper case) the rule applies to. Default: every method. */
  readonly methods?: readonly string[];
  /** Default `authenticated`. */
  readonly access?: RuleAccess;
  /** The user must be in at least one of these groups. */
  readonly groups?: readonly string[];
  /** The user must be in every one of these groups. */
  readonly allGroups?: readonly string[];
  /** Every one of these OAuth scopes must be granted (`scope` claim, RFC 6749 §3.3). */
  readonly scopes?: readonly string[];
  /** Claim requirements: the claim must equal the string, or be one of the listed strings. */
  readonly claims?: Readonly<Record<string, string | readonly string[]>>;
}

/** The ordered rules plus the access for requests no rule matches. */
export interface RulesConfig {
  /** The rules, in order: the first match decides. */
  readonly rules: readonly RuleConfig[];
  /** Access for unmatched requests. Default `authenticated`. */
  readonly defaultAccess?: RuleAccess;
}

/**
 * How the origin behind a site or an authorizer reads request paths; the rules must hold under every
 * reading it may apply (the stricter decision wins, see `docs/rules.md`, "Readings of a path").
 *
 * - `standard` (default): the path as written (S3, most web servers) and, when it has `;` parameters,
 *   the path with `;params` removed from each segment (servlet containers: Tomcat, Jetty, Spring, Undertow).
 * - `iis`: both of the above, and each of them case-folded (lower case) with trailing dots and spaces and
 *   an NTFS stream suffix (`:…`) removed from every segment, as IIS and Windows file systems read them.
 *   Authorizers with `iis` return policies for the current method ARN only: IAM matches resource ARNs
 *   case-sensitively, so a cached policy cannot follow a case-insensitive origin.
 *
 * @see [RFC 3986 - URI Generic Syntax, section 3.3 (path parameters)](https://www.rfc-editor.org/rfc/rfc3986#section-3.3)
 * @see [Microsoft - Naming files, paths, and namespaces (trailing dots and spaces)](https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file)
 */
export type OriginPaths = 'standard' | 'iis';
