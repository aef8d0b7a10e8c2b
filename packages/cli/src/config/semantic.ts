/**
 * Cross-field checks that a per-field schema cannot express: every function names a defined issuer of a
 * kind it can use, and the feature modules' own validators accept the resolved configuration.
 *
 * @module
 */
import {
  type AuthorizerConfigKind,
  validateAuthorizerConfig,
} from 'edgeward/internal/apigateway/validate.js';
import {
  checkIdentityPoolFit,
  checkSignedCookiesFit,
  checkSiteFields,
} from 'edgeward/internal/cloudfront/validate.js';
import type { CognitoIssuerConfig, OidcIssuerConfig } from 'edgeward/internal/core/config.js';
import { isAuthError } from 'edgeward/internal/core/errors.js';
import { checkOAuthTimeout, resolveEndpoints } from 'edgeward/internal/core/oauth/endpoints.js';
import { validateRules } from 'edgeward/internal/core/rules/validate.js';
import { SessionCookies } from 'edgeward/internal/core/session/session-cookies.js';
import { validateSignedCookiesConfig } from 'edgeward/internal/core/signed-cookies/config.js';
import { loadPrivateKey } from 'edgeward/internal/core/signed-cookies/keys.js';
import { validateIssuer } from 'edgeward/internal/core/verify/validate-issuer.js';
import type { ConfigProblem } from './issues.js';
import { base64urlKeyMessage } from './site.js';
import type { EdgewardConfig, FunctionConfig, SiteFunction } from './types.js';

/**
 * The body of the demo's signed-cookie key (`packages/cli/demo/edgeward.config.json`): not a key, a mark that
 * `edgeward dev` generates a fresh key pair at every start and puts it there.
 */
export const DEV_KEY_PLACEHOLDER = 'replaced-at-start-by-edgeward-dev';

/** Errors (the build must stop) and warnings (printed, the build goes on). */
export interface SemanticResult {
  readonly errors: ConfigProblem[];
  readonly warnings: ConfigProblem[];
}

/** Checks one function's `issuer` reference. */
function checkIssuerReference(
  config: EdgewardConfig,
  name: string,
  fn: FunctionConfig,
  out: SemanticResult,
): void {
  const path = `functions.${name}.issuer`;
  const issuer = config.issuers[fn.issuer];
  if (!issuer) {
    const known = Object.keys(config.issuers)
      .map((n) => JSON.stringify(n))
      .join(', ');
    out.errors.push({
      path,
      message: `expected the name of an issuer defined under "issuers" (one of ${known})`,
    });
    return;
  }
  if (fn.type === 'site' && issuer.kind === 'hs256') {
    out.errors.push({
      path,
      message: 'expected a "cognito" or "oidc" issuer (a site verifies tokens against the issuer\'s JWKS)',
    });
  }
}

/** Authorizer kind of each authorizer function type, as the apigateway validator names it. */
const AUTHORIZER_KINDS: Readonly<Record<Exclude<FunctionConfig['type'], 'site'>, AuthorizerConfigKind>> = {
  'rest-token-authorizer': 'token',
  'rest-request-authorizer': 'request',
  'http-authorizer': 'http',
  'websocket-authorizer': 'websocket',
};

/** Splits a feature validator's `field.path: problem` (or `field.path problem`) message under `base`. */
function under(base: string, message: string, separator: ': ' | ' '): ConfigProblem {
  const i = message.indexOf(separator);
  if (i <= 0 || !/^[\w.[\]$-]+$/.test(message.slice(0, i))) return { path: base, message };
  return { path: `${base}.${message.slice(0, i)}`, message: message.slice(i + separator.length) };
}

/**
 * Runs an `AuthError`-throwing validator and records its `config_invalid` message as an error under `base`
 * (`field problem` messages are split into path and problem).
 */
function collect(base: string, out: SemanticResult, check: () => void, separator: ': ' | ' ' = ' '): void {
  try {
    check();
  } catch (e) {
    if (!isAuthError(e)) throw e;
    out.errors.push(under(base, e.message, separator));
  }
}

/**
 * The issuer's own checks (`validateIssuer`, the same the verifier factories run): bundles only carry the
 * lean resolver, so every issuer is checked here. An HS256 secret from the environment or Secrets Manager
 * is a runtime input and is checked when the function starts.
 */
function checkIssuers(config: EdgewardConfig, out: SemanticResult): void {
  for (const [name, issuer] of Object.entries(config.issuers)) {
    collect(`issuers.${name}`, out, () => validateIssuer(issuer));
  }
}

/**
 * The site's own checks, the same `createViewerRequestHandler` runs (`validateSiteConfig`), reported field
 * by field: rules, `checkSiteFields`, the session cookie options under cookie login (`SessionCookies`
 * refuses a `__Host-` prefix with a `domain` when the handler is built), the OAuth client's endpoints and
 * timeout, signed cookies (fields and their fit with cookie login) and a baked signing key.
 */
function checkSite(
  name: string,
  fn: SiteFunction,
  issuer: CognitoIssuerConfig | OidcIssuerConfig,
  out: SemanticResult,
) {
  const base = `functions.${name}`;
  for (const problem of validateRules(fn.rules)) out.errors.push(under(`${base}.rules`, problem, ': '));
  const { type: _t, issuer: _i, ...rest } = fn;
  const site = { ...rest, issuer };
  try {
    if ((fn.cookieLogin ?? true) && fn.stateSecret === undefined) {
      out.errors.push({
        path: `${base}.stateSecret`,
        message: `missing required field with cookie login (${base64urlKeyMessage})`,
      });
    } else checkSiteFields(site);
  } catch (e) {
    if (!isAuthError(e)) throw e;
    out.errors.push({ path: base, message: e.message });
  }
  const client = fn.client;
  if ((fn.cookieLogin ?? true) && client !== undefined) {
    collect(base, out, () => new SessionCookies(fn.cookies ?? {}, client.clientId));
    // the bundle builds the OAuth client on its first login: its endpoints and timeout are checked here
    collect(base, out, () => resolveEndpoints(client));
    collect(base, out, () => checkOAuthTimeout(client));
  }
  // identityPool: its fields, cookie login, a route path of its own (the same checks as the runtime's)
  collect(base, out, () => checkIdentityPoolFit(site));
  if (fn.signedCookies) {
    const signedCookies = fn.signedCookies;
    collect(base, out, () => validateSignedCookiesConfig(signedCookies));
    collect(base, out, () => checkSignedCookiesFit(site));
    const key = fn.signedCookies.privateKey;
    if ('pem' in key && key.pem.includes(DEV_KEY_PLACEHOLDER)) {
      out.errors.push({
        path: `${base}.signedCookies.privateKey.pem`,
        message:
          `a placeholder ("${DEV_KEY_PLACEHOLDER}"), not a key: \`edgeward dev\` (npm start) fills it in with a ` +
          'fresh key pair at every start. To build this configuration, put your CloudFront signing key here, or ' +
          'use {"secretsManager": {"secretId", "region"}}',
      });
    } else if ('pem' in key) {
      const loaded = loadPrivateKey(key.pem);
      if (!loaded.ok)
        out.errors.push({ path: `${base}.signedCookies.privateKey.pem`, message: loaded.detail });
      else {
        out.warnings.push({
          path: `${base}.signedCookies.privateKey.pem`,
          message:
            'the signing key is baked into the bundle: anyone who can download the function code can read it (prefer secretsManager)',
        });
      }
    }
  }
}

/**
 * Runs every cross-field check on a structurally valid configuration.
 *
 * @returns errors and warnings, each naming the field path
 */
export function semanticProblems(config: EdgewardConfig): SemanticResult {
  const out: SemanticResult = { errors: [], warnings: [] };
  checkIssuers(config, out);
  for (const [name, fn] of Object.entries(config.functions)) {
    const before = out.errors.length;
    checkIssuerReference(config, name, fn, out);
    if (out.errors.length > before) continue;
    const issuer = config.issuers[fn.issuer]!;
    if (fn.type === 'site') {
      checkSite(name, fn, issuer as CognitoIssuerConfig | OidcIssuerConfig, out);
      continue;
    }
    const { type, issuer: _name, ...rest } = fn;
    for (const m of validateAuthorizerConfig(AUTHORIZER_KINDS[type], { ...rest, issuer })) {
      (m.severity === 'error' ? out.errors : out.warnings).push(under(`functions.${name}`, m.message, ': '));
    }
  }
  return out;
}
