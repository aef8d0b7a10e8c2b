/**
 * The one "is this a plain JSON-style object" predicate, shared by every module that reads untrusted
 * structured input (JWT headers and payloads, JWKS documents, AWS events, authorizer results, IAM policy
 * documents, CloudFront policies, configuration).
 *
 * @module
 */

/**
 * True when `value` is a non-null object that is not an array (what `JSON.parse` gives for `{…}`).
 *
 * @param value - anything
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
