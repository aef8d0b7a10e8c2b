/**
 * JWT claims checks (RFC 7519 §4.1, OIDC Core §2 and §3.1.3.7, Cognito token rules) and the typed
 * {@link VerifiedToken} built from a verified claims set.
 *
 * Times are NumericDate **seconds** (RFC 7519 §2). Messages name the failed claim, never its value.
 *
 * @module
 */
import type { TokenUse } from '../config.js';
import { AuthError } from '../errors.js';
import type { JsonObject } from './json.js';
import type { JwtClaims, VerifiedHeader, VerifiedToken, VerifyOptions } from './types.js';

/** The issuer profile a claims set is checked for. */
export type IssuerProfile = 'cognito' | 'oidc' | 'hs256';

/** What an issuer requires of a claims set (already resolved from the issuer configuration). */
export interface ClaimPolicy {
  readonly profile: IssuerProfile;
  /** Exact `iss`; when undefined (HS256 without an issuer) `iss` is not checked. */
  readonly issuer?: string;
  /** Clock skew tolerated on `exp`/`nbf`/`iat`, seconds (0–300). */
  readonly toleranceSeconds: number;
  /** Claims that must be present. */
  readonly requiredClaims: readonly string[];
  /** Claim holding the groups, e.g. `cognito:groups`. */
  readonly groupsClaim: string;
  /** Accepted `aud` values (OIDC, HS256); undefined = `aud` not checked. */
  readonly audience?: ReadonlySet<string>;
  /** Accepted app client ids: Cognito `client_id`/`aud`; OIDC `client_id` (or `aud` without one). */
  readonly clientIds?: ReadonlySet<string>;
}

declare global {
  /**
   * Whether the Cognito recipient checks (`token_use`, `client_id`/`aud` against the app clients) are
   * compiled in. `edgeward build` defines it (esbuild `define`) as whether the baked issuer is a Cognito
   * user pool, so that other bundles drop them (and Cognito bundles drop the generic checks,
   * `EDGEWARD_GENERIC_CLAIMS`). Undefined outside a bundle: both are there. A bundle refuses a token of a
   * profile it was built without (`config_invalid`), never skips the checks.
   */
  var EDGEWARD_COGNITO_CLAIMS: boolean | undefined;
  /** Whether the generic (OIDC, HS256) recipient checks are compiled in; see `EDGEWARD_COGNITO_CLAIMS`. */
  var EDGEWARD_GENERIC_CLAIMS: boolean | undefined;
}

function profileNotInBundle(): never {
  throw new AuthError('config_invalid', 'this bundle was built for another issuer kind');
}

function invalid(claim: string): AuthError {
  return new AuthError('token_claim_invalid', `JWT claim ${claim} has the wrong type`);
}

/**
 * Checks the types of the registered claims: `exp` is required and a finite number; `nbf`/`iat` finite
 * numbers when present; `iss`, `sub`, `token_use`, `client_id`, `scope`, `nonce`, `jti`, `username`
 * strings when present; `aud` a string or an array of strings when present.
 *
 * @throws AuthError `token_claim_missing` (no `exp`), `token_claim_invalid` (a wrong type)
 * @see [RFC 7519 - JSON Web Token, section 4.1](https://www.rfc-editor.org/rfc/rfc7519.html#section-4.1)
 */
export function checkClaimTypes(payload: JsonObject): JwtClaims {
  // Named property reads, not a loop over claim names: a keyed read with a different name each time
  // goes megamorphic, and this runs for every token.
  if (payload.exp === undefined) throw new AuthError('token_claim_missing', 'JWT claim exp is required');
  if (!Number.isFinite(payload.exp)) throw invalid('exp');
  numericIfPresent(payload.nbf, 'nbf');
  numericIfPresent(payload.iat, 'iat');
  stringIfPresent(payload.iss, 'iss');
  stringIfPresent(payload.sub, 'sub');
  stringIfPresent(payload.token_use, 'token_use');
  stringIfPresent(payload.client_id, 'client_id');
  stringIfPresent(payload.scope, 'scope');
  stringIfPresent(payload.nonce, 'nonce');
  stringIfPresent(payload.jti, 'jti');
  stringIfPresent(payload.username, 'username');
  const aud = payload.aud;
  if (aud !== undefined && typeof aud !== 'string' && !isStringArray(aud)) throw invalid('aud');
  return payload as JwtClaims;
}

function numericIfPresent(value: unknown, claim: string): void {
  if (value !== undefined && !Number.isFinite(value)) throw invalid(claim);
}

function stringIfPresent(value: unknown, claim: string): void {
  if (value !== undefined && typeof value !== 'string') throw invalid(claim);
}

/**
 * Checks `iss` equals `issuer` exactly (no normalization: a trailing slash, another scheme, region or
 * prefix is a different issuer). Skipped when `issuer` is undefined.
 *
 * @throws AuthError `token_issuer_invalid`
 * @see [RFC 7519 - JSON Web Token, section 4.1.1](https://www.rfc-editor.org/rfc/rfc7519.html#section-4.1.1)
 */
export function checkIssuer(claims: JwtClaims, issuer: string | undefined): void {
  if (issuer !== undefined && claims.iss !== issuer) {
    throw new AuthError('token_issuer_invalid', 'JWT iss is not the configured issuer');
  }
}

/**
 * Checks `exp`, `nbf` and `iat` against `nowSeconds`, each with `toleranceSeconds` of skew.
 * Expired when `exp <= now - tolerance`; not yet valid when `nbf > now + tolerance`; issued in the future
 * when `iat > now + tolerance`.
 *
 * @throws AuthError `token_expired`, `token_not_yet_valid`, `token_issued_in_future`
 * @see [RFC 7519 - JSON Web Token, section 4.1.4](https://www.rfc-editor.org/rfc/rfc7519.html#section-4.1.4)
 */
export function checkTimes(claims: JwtClaims, nowSeconds: number, toleranceSeconds: number): void {
  if (claims.exp <= nowSeconds - toleranceSeconds) throw new AuthError('token_expired', 'JWT has expired');
  if (claims.nbf !== undefined && claims.nbf > nowSeconds + toleranceSeconds) {
    throw new AuthError('token_not_yet_valid', 'JWT is not valid yet (nbf)');
  }
  if (claims.iat !== undefined && claims.iat > nowSeconds + toleranceSeconds) {
    throw new AuthError('token_issued_in_future', 'JWT iat is in the future');
  }
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function audiences(claims: JwtClaims): readonly string[] {
  const aud = claims.aud;
  return typeof aud === 'string' ? [aud] : ((aud as readonly string[] | undefined) ?? []);
}

function firstAllowed(values: readonly string[], allowed: ReadonlySet<string>): string | undefined {
  return values.find((v) => allowed.has(v));
}

interface Recipient {
  readonly tokenUse?: TokenUse;
  readonly clientId?: string;
}

function checkCognitoRecipient(
  claims: JwtClaims,
  clientIds: ReadonlySet<string>,
  expected: TokenUse,
): Recipient {
  if (claims.token_use !== expected) {
    throw new AuthError('token_use_invalid', `JWT token_use is not ${expected}`);
  }
  if (expected === 'access') {
    const clientId = claims.client_id as string | undefined;
    if (clientId === undefined || !clientIds.has(clientId)) {
      throw new AuthError('token_client_invalid', 'JWT client_id is not an allowed app client');
    }
    return { tokenUse: expected, clientId };
  }
  // OIDC Core §3.1.3.7 step 3: an id token is for this client only; an extra audience the client does not
  // trust rejects it (Cognito always issues a single `aud`).
  const aud = audiences(claims);
  const clientId = aud[0];
  if (clientId === undefined || !aud.every((a) => clientIds.has(a))) {
    throw new AuthError('token_audience_invalid', 'JWT aud is not an allowed app client');
  }
  return { tokenUse: expected, clientId };
}

function trustedAudience(aud: string, policy: ClaimPolicy): boolean {
  return policy.audience?.has(aud) === true || policy.clientIds?.has(aud) === true;
}

function checkGenericRecipient(claims: JwtClaims, policy: ClaimPolicy, options: VerifyOptions): Recipient {
  const tokenUse = claims.token_use as string | undefined;
  if (options.tokenUse !== undefined && tokenUse !== undefined && tokenUse !== options.tokenUse) {
    throw new AuthError('token_use_invalid', `JWT token_use is not ${options.tokenUse}`);
  }
  const aud = audiences(claims);
  // OIDC Core §3.1.3.7 step 3, for a caller that knows it holds an id token (the login callback): every
  // audience must be one the client trusts (an accepted audience or an allowed client).
  if (options.tokenUse === 'id' && aud.length > 1 && !aud.every((a) => trustedAudience(a, policy))) {
    throw new AuthError('token_audience_invalid', 'JWT aud lists an audience that is not trusted');
  }
  let matchedAud: string | undefined;
  if (policy.audience !== undefined) {
    matchedAud = firstAllowed(aud, policy.audience);
    if (matchedAud === undefined)
      throw new AuthError('token_audience_invalid', 'JWT aud is not an accepted audience');
  }
  let clientId = claims.client_id as string | undefined;
  if (policy.clientIds !== undefined) {
    const allowed =
      clientId !== undefined ? policy.clientIds.has(clientId) : firstAllowed(aud, policy.clientIds);
    if (!allowed) throw new AuthError('token_client_invalid', 'JWT client_id is not an allowed client');
    clientId ??= allowed as string;
  }
  return {
    ...(tokenUse === 'id' || tokenUse === 'access' ? { tokenUse } : {}),
    ...(clientId === undefined ? (matchedAud === undefined ? {} : { clientId: matchedAud }) : { clientId }),
  };
}

function typedGroups(claims: JwtClaims, groupsClaim: string): readonly string[] {
  const value = claims[groupsClaim];
  if (value === undefined) return [];
  if (!isStringArray(value)) throw invalid(groupsClaim);
  return value;
}

/** The space-separated scope tokens of `value` (RFC 6749 §3.3), empty parts (extra spaces) skipped. */
function scopeTokens(value: string): string[] {
  const parts = value.split(' ');
  return parts.includes('') ? parts.filter((s) => s !== '') : parts;
}

function typedScopes(claims: JwtClaims): readonly string[] {
  if (typeof claims.scope === 'string') return scopeTokens(claims.scope);
  const scp = claims.scp;
  if (scp === undefined) return [];
  if (typeof scp === 'string') return scopeTokens(scp);
  if (!isStringArray(scp)) throw invalid('scp');
  return scp;
}

/**
 * Checks the recipient (Cognito `token_use` + `client_id`/`aud`; OIDC/HS256 `aud`, `client_id`,
 * optional `token_use`), the `nonce`, the required claims and the types of groups and scopes, then
 * builds the typed result. Call it only after the signature and times are verified.
 *
 * @throws AuthError `token_use_invalid`, `token_client_invalid`, `token_audience_invalid`,
 *   `token_nonce_invalid`, `token_claim_missing`, `token_claim_invalid`
 * @see [Amazon Cognito Developer Guide - Verifying a JSON Web Token](https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
 * @see [OpenID Connect Core 1.0, 3.1.3.7 ID Token Validation](https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation)
 */
export function toVerifiedToken(
  header: VerifiedHeader,
  claims: JwtClaims,
  policy: ClaimPolicy,
  options: VerifyOptions,
): VerifiedToken {
  // (each global is checked in place: esbuild drops the other profile's checks from a bundle only so)
  const recipient =
    policy.profile === 'cognito'
      ? globalThis.EDGEWARD_COGNITO_CLAIMS !== false
        ? checkCognitoRecipient(claims, policy.clientIds ?? new Set(), options.tokenUse ?? 'access')
        : profileNotInBundle()
      : globalThis.EDGEWARD_GENERIC_CLAIMS !== false
        ? checkGenericRecipient(claims, policy, options)
        : profileNotInBundle();
  if (options.nonce !== undefined && claims.nonce !== options.nonce) {
    throw new AuthError('token_nonce_invalid', 'JWT nonce does not match the expected nonce');
  }
  for (const claim of policy.requiredClaims) {
    if (!Object.hasOwn(claims, claim) || claims[claim] === null) {
      throw new AuthError('token_claim_missing', `JWT claim ${claim} is required`);
    }
  }
  const username =
    claims.token_use === 'id' ? claims['cognito:username'] : (claims.username ?? claims['cognito:username']);
  return {
    header,
    claims,
    sub: claims.sub ?? '',
    groups: typedGroups(claims, policy.groupsClaim),
    scopes: typedScopes(claims),
    exp: claims.exp,
    ...recipient,
    ...(typeof username === 'string' ? { username } : {}),
  };
}

/**
 * Freezes a verified result shared between cache hits: the result, its header, its claims set (top
 * level), its groups and its scopes. Nested claim values (an `aud` array, objects inside custom claims)
 * are not walked: freezing every value of every admitted claims set was the largest cost of a cache
 * admission (measured, see docs/verification.md); they are read-only by contract.
 */
export function freezeResult(token: VerifiedToken): VerifiedToken {
  Object.freeze(token.claims);
  Object.freeze(token.groups);
  Object.freeze(token.scopes);
  Object.freeze(token.header);
  return Object.freeze(token);
}
