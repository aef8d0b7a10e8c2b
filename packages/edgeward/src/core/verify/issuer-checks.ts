/**
 * Configuration checks of one {@link IssuerConfig}: every problem is an `AuthError('config_invalid', …)`
 * naming the field. Run by `createVerifier` before the lean resolver (`issuer.ts`) and by `edgeward build`
 * (`validateConfig`) on every issuer a function uses, so bundles, which only carry the lean resolver,
 * never see an unchecked configuration.
 *
 * @module
 */
import type {
  CognitoIssuerConfig,
  Hs256IssuerConfig,
  IssuerCommon,
  IssuerConfig,
  JwksPolicy,
  OidcIssuerConfig,
} from '../config.js';
import { AuthError } from '../errors.js';
import type { VerifierDeps } from './issuer.js';
import { VERIFY_DEFAULTS } from './jwks-issuer.js';
import { resolveSecret } from './secret.js';

/** Asymmetric algorithms an OIDC issuer may be pinned to (see `keys.ts` for the keys each needs). */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

function configInvalid(message: string): AuthError {
  return new AuthError('config_invalid', message);
}

function numberIn(value: unknown, field: string, min: number, max: number, integer: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw configInvalid(`${field} must be a number from ${min} to ${max}`);
  }
  if (integer && !Number.isInteger(value)) throw configInvalid(`${field} must be an integer`);
}

function stringList(value: unknown, field: string): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw configInvalid(`${field} must be a non-empty array of non-empty strings`);
  }
}

const REGION = /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d$/;
const POOL_SUFFIX = /^[A-Za-z0-9]+$/;

/**
 * The Cognito user pool issuer URL, `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`.
 *
 * @param region - e.g. `eu-west-1`
 * @param userPoolId - e.g. `eu-west-1_AbCdEf123`; must start with `{region}_`
 * @throws AuthError `config_invalid` for a malformed region or pool id
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @example
 * ```ts
 * cognitoIssuerUrl('eu-west-1', 'eu-west-1_AbCdEf123');
 * // 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123'
 * ```
 */
export function cognitoIssuerUrl(region: string, userPoolId: string): string {
  if (typeof region !== 'string' || !REGION.test(region)) throw configInvalid('region is not an AWS region');
  if (
    typeof userPoolId !== 'string' ||
    !userPoolId.startsWith(`${region}_`) ||
    !POOL_SUFFIX.test(userPoolId.slice(region.length + 1))
  ) {
    throw configInvalid('userPoolId must look like {region}_{id} for the configured region');
  }
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

function checkCommon(config: IssuerCommon): void {
  numberIn(
    config.clockToleranceSeconds ?? VERIFY_DEFAULTS.clockToleranceSeconds,
    'clockToleranceSeconds',
    0,
    VERIFY_DEFAULTS.maxClockToleranceSeconds,
    false,
  );
  if (config.requiredClaims !== undefined) stringList(config.requiredClaims, 'requiredClaims');
  if (
    config.groupsClaim !== undefined &&
    (typeof config.groupsClaim !== 'string' || config.groupsClaim === '')
  ) {
    throw configInvalid('groupsClaim must be a non-empty string');
  }
  numberIn(config.maxTokenBytes ?? VERIFY_DEFAULTS.maxTokenBytes, 'maxTokenBytes', 16, 1 << 20, true);
  numberIn(config.cacheSize ?? VERIFY_DEFAULTS.cacheSize, 'cacheSize', 0, 1_000_000, true);
}

function checkJwks(uri: string, baked: CognitoIssuerConfig['jwks'], policy: JwksPolicy | undefined): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw configInvalid('jwksUri is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy?.allowHttp === true)) {
    throw configInvalid('jwksUri must use https: (set jwksPolicy.allowHttp for a local http: issuer)');
  }
  if (baked !== undefined && (typeof baked !== 'object' || baked === null || !Array.isArray(baked.keys))) {
    throw configInvalid('jwks must be a JWKS object with a keys array');
  }
  const d = VERIFY_DEFAULTS;
  numberIn(policy?.cooldownSeconds ?? d.cooldownSeconds, 'jwksPolicy.cooldownSeconds', 0, 86_400, false);
  numberIn(policy?.ttlSeconds ?? d.ttlSeconds, 'jwksPolicy.ttlSeconds', 1, 31_536_000, false);
  numberIn(policy?.timeoutMs ?? d.timeoutMs, 'jwksPolicy.timeoutMs', 1, 30_000, false);
}

function checkCognito(config: CognitoIssuerConfig): void {
  const issuer = cognitoIssuerUrl(config.region, config.userPoolId);
  stringList(config.clientIds, 'clientIds');
  checkJwks(config.jwksUri ?? `${issuer}/.well-known/jwks.json`, config.jwks, config.jwksPolicy);
}

function checkOidc(config: OidcIssuerConfig): void {
  if (typeof config.issuer !== 'string' || config.issuer === '')
    throw configInvalid('issuer must be a non-empty string');
  if (typeof config.jwksUri !== 'string') throw configInvalid('jwksUri is required for an oidc issuer');
  if (config.algorithms !== undefined) stringList(config.algorithms, 'algorithms');
  for (const alg of config.algorithms ?? []) {
    if (!ASYMMETRIC_ALGORITHMS.includes(alg)) {
      throw configInvalid(`algorithms may only contain ${ASYMMETRIC_ALGORITHMS.join(', ')}`);
    }
  }
  checkJwks(config.jwksUri, config.jwks, config.jwksPolicy);
  if (config.audience !== undefined) stringList(config.audience, 'audience');
  if (config.clientIds !== undefined) stringList(config.clientIds, 'clientIds');
}

function checkHs256(config: Hs256IssuerConfig, secret: VerifierDeps['secret']): void {
  if (config.issuer !== undefined && (typeof config.issuer !== 'string' || config.issuer === '')) {
    throw configInvalid('issuer must be a non-empty string when set');
  }
  if (secret === undefined && config.secret === undefined)
    throw configInvalid('secret is required for hs256');
  // A baked secret is configuration: decode and measure it now. Environment and Secrets Manager secrets
  // are runtime inputs, checked when the verifier resolves them.
  if (
    secret === undefined &&
    typeof config.secret === 'object' &&
    config.secret !== null &&
    'base64url' in config.secret
  ) {
    resolveSecret(config.secret);
  }
  if (config.audience !== undefined) stringList(config.audience, 'audience');
}

/**
 * Validates one issuer configuration: kind; Cognito region and pool id, app client ids; OIDC issuer,
 * `jwksUri`, pinned asymmetric `algorithms`, `audience`/`clientIds`; JWKS URI scheme (`https:` unless
 * `jwksPolicy.allowHttp`), baked JWKS shape, `jwksPolicy` ranges (seconds, `timeoutMs` in ms); HS256
 * `issuer`, secret presence and a baked secret's encoding and 32-byte minimum; clock tolerance (0–300 s),
 * `requiredClaims`, `groupsClaim`, `maxTokenBytes`, `cacheSize`.
 *
 * @param config - the issuer configuration (untrusted JSON shape)
 * @param deps - `secret`, when the HS256 secret is provided by the caller (then `config.secret` is not read)
 * @throws AuthError `config_invalid` naming the first offending field
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.2
 */
export function validateIssuer(config: IssuerConfig, deps: Pick<VerifierDeps, 'secret'> = {}): void {
  if (typeof config !== 'object' || config === null) throw configInvalid('issuer config must be an object');
  switch (config.kind) {
    case 'cognito':
      checkCognito(config);
      break;
    case 'oidc':
      checkOidc(config);
      break;
    case 'hs256':
      checkHs256(config, deps.secret);
      break;
    default:
      throw configInvalid('issuer kind must be cognito, oidc or hs256');
  }
  checkCommon(config);
}
