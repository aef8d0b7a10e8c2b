/**
 * Asymmetric signature verification (RS*, ES*, EdDSA) delegated to aws-jwt-verify, fed with the JWT
 * edgeward already parsed strictly and keys from edgeward's {@link JwksStore}.
 *
 * aws-jwt-verify checks that the JWK is a signature key, that the JWT `alg` matches the JWK `alg`, imports
 * the key once (its `KeyObjectCache`) and verifies the signature. Its claim checks read `Date.now()`
 * directly, so edgeward turns its wall-clock window off (`graceSeconds`) and checks `exp`/`nbf`/`iat`
 * itself with the injected clock; `iss` is checked by both.
 *
 * @see https://github.com/awslabs/aws-jwt-verify
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 * @module
 */
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifierBase } from 'aws-jwt-verify/jwt-verifier';
import type { JwksStore } from './jwks.js';
import type { ParsedJws } from './parse.js';

/** The library's time window, disabled: edgeward checks times with its injected clock. */
const LIBRARY_GRACE_SECONDS = Number.MAX_SAFE_INTEGER;

// A type alias (not an interface) so it satisfies the library's `Record<string | number, unknown>` bound.
type LibraryProperties = { audience: null; graceSeconds: number; issuer: string; jwksUri: string };

/** aws-jwt-verify's verifier for one issuer, exposing verification of an already parsed JWT. */
export class LibraryJwsVerifier extends JwtVerifierBase<LibraryProperties, LibraryProperties, false> {
  readonly #properties: LibraryProperties;

  /**
   * @param issuer - exact `iss`
   * @param jwksUri - the store's URI (used by the library only as a cache key)
   * @param store - edgeward's key store; the library reads keys from it synchronously
   */
  constructor(issuer: string, jwksUri: string, store: JwksStore) {
    const properties: LibraryProperties = {
      issuer,
      jwksUri,
      audience: null,
      graceSeconds: LIBRARY_GRACE_SECONDS,
    };
    super(properties, store);
    this.#properties = properties;
    // A new key set invalidates the library's imported KeyObjects (a kid may be reused with a new key).
    store.onReplace = (jwks) => this.cacheJwks(jwks);
  }

  /**
   * Verifies the signature of `parsed` with the key for its `kid`, which must already be in the store
   * (await `store.resolve(kid)` first).
   *
   * @throws the library's errors (`JwtInvalidSignatureError`, `JwtInvalidSignatureAlgorithmError`, …) or
   *   the store's `AuthError`; map them with `toAuthError`
   */
  verifyParsed(parsed: ParsedJws): undefined {
    this.verifyDecomposedJwtSync(
      {
        header: parsed.header as JwtHeader,
        headerB64: parsed.headerB64,
        payload: parsed.payload as JwtPayload,
        payloadB64: parsed.payloadB64,
        signatureB64: parsed.signatureB64,
      },
      this.#properties.jwksUri,
      this.#properties,
    );
    return undefined;
  }
}
