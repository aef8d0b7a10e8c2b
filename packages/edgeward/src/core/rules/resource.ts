/**
 * API Gateway resource paths (`/pets/{id}`, `/files/{proxy+}`) as rule patterns for the authorizers.
 *
 * Semantics, as API Gateway routes them: literal segments match exactly (case-sensitive); `{name}` is a
 * path parameter matching exactly one non-empty segment; `{name+}` is a greedy path variable matching one
 * or more segments and may only be the last segment. Braces here are path parameters, not claims (claim
 * interpolation belongs to `path` rules).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#setup-method-resources
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 * @module
 */

const LITERAL = 0;
const PARAM = 1;
const GREEDY = 2;

interface Segment {
  readonly kind: typeof LITERAL | typeof PARAM | typeof GREEDY;
  /** Literal text, or the parameter name. */
  readonly text: string;
}

/** A compiled resource path; match it with {@link matchResource}. */
export interface CompiledResource {
  /** The resource path as configured. */
  readonly source: string;
  /** Parameter names (without braces and `+`), in order. */
  readonly parameters: readonly string[];
  /** @internal the segments after the leading `/` (none for the root resource `/`). */
  readonly segments: readonly Segment[];
}

/** Result of {@link compileResource}. */
export type ResourceResult =
  | { readonly ok: true; readonly resource: CompiledResource }
  | { readonly ok: false; readonly error: string };

const PARAM_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Compiles an API Gateway resource path.
 *
 * Errors (returned, not thrown): not starting with `/`; an empty segment (`//`, or a trailing `/` other
 * than the root `/`); a `.`/`..` segment; `*`, `?` or a stray brace in a literal segment (they are not
 * wildcards in API Gateway resource paths); a malformed or duplicate parameter; `{name+}` not last.
 *
 * @param resource - e.g. `/pets/{id}` or `/{proxy+}`
 */
export function compileResource(resource: string): ResourceResult {
  if (typeof resource !== 'string' || !resource.startsWith('/')) return fail('must start with "/"');
  const segments: Segment[] = [];
  const parameters: string[] = [];
  if (resource === '/') return { ok: true, resource: { source: resource, parameters, segments } };
  const raw = resource.slice(1).split('/');
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i]!;
    if (seg === '') return fail('contains an empty segment ("//" or a trailing "/")');
    if (seg === '.' || seg === '..') return fail('contains a "." or ".." segment');
    if (seg.startsWith('{') && seg.endsWith('}')) {
      const greedy = seg.endsWith('+}');
      const name = seg.slice(1, greedy ? -2 : -1);
      if (!PARAM_NAME.test(name))
        return fail(`unknown placeholder syntax "${seg}" (expected {name} or {name+})`);
      if (parameters.includes(name)) return fail(`duplicate path parameter "{${name}}"`);
      if (greedy && i !== raw.length - 1)
        return fail(`greedy path variable "${seg}" must be the last segment`);
      parameters.push(name);
      segments.push({ kind: greedy ? GREEDY : PARAM, text: name });
    } else if (/[{}*?]/.test(seg)) {
      return fail(`segment "${seg}": "*", "?" and braces are not allowed in a literal resource segment`);
    } else {
      segments.push({ kind: LITERAL, text: seg });
    }
  }
  return { ok: true, resource: { source: resource, parameters, segments } };
}

function fail(error: string): ResourceResult {
  return { ok: false, error };
}

/**
 * Matches a decoded, hygiene-checked path (see `normalizePath`) against a compiled resource. A single
 * trailing `/` in the path is ignored (`/pets/1/` is the resource `/pets/{id}`), so a trailing slash can
 * never step around a rule. No allocation.
 *
 * @param resource - from {@link compileResource}
 * @param path - the normalized request path, starting with `/`
 */
export function matchResource(resource: CompiledResource, path: string): boolean {
  let n = path.length;
  if (n > 1 && path.charCodeAt(n - 1) === 0x2f) n--;
  const segments = resource.segments;
  if (segments.length === 0) return n === 1;
  let pos = 1;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === GREEDY) return pos < n;
    let end = path.indexOf('/', pos);
    if (end < 0 || end > n) end = n;
    if (end === pos) return false;
    if (seg.kind === LITERAL && (seg.text.length !== end - pos || !path.startsWith(seg.text, pos)))
      return false;
    if (i === segments.length - 1) return end === n;
    if (end === n) return false;
    pos = end + 1;
  }
  return false;
}

/**
 * The IAM `execute-api` resource-path glob for a resource (no leading `/`): parameters become `*`
 * (`/pets/{id}` → `pets/*`, `/{proxy+}` → `*`, `/` → `''`). IAM's `*` also crosses `/`, so the glob is
 * wider than the resource whenever it has parameters.
 */
export function resourceGlob(resource: CompiledResource): string {
  return resource.segments.map((s) => (s.kind === LITERAL ? s.text : '*')).join('/');
}
