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

/** One segment of a parsed resource template (the text between two `/`). */
export type TemplateSegment =
  /** A literal segment, matched exactly (case-sensitive). */
  | { readonly kind: 'literal'; readonly value: string }
  /** `{name}`: exactly one non-empty segment. */
  | { readonly kind: 'param'; readonly name: string }
  /** `{name+}`: one or more segments; only ever the last segment. */
  | { readonly kind: 'greedy'; readonly name: string };

/** A parsed resource template; match it with {@link matchResource}. */
export interface ResourceTemplate {
  /** The resource path as configured. */
  readonly source: string;
  /** Parameter names (without braces and `+`), in order. */
  readonly parameters: readonly string[];
  /** The segments after the leading `/` (none for the root resource `/`). */
  readonly segments: readonly TemplateSegment[];
}

/** Result of {@link parseResourceTemplate}. */
export type ResourceTemplateResult =
  | { readonly ok: true; readonly template: ResourceTemplate }
  | { readonly ok: false; readonly error: string };

const PARAM_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Parses an API Gateway resource template — the one parser for resource paths: `resource` rules, the
 * `policy.routes` of an authorizer, the cache-safety automaton (`apigateway/patterns.ts`) and the local
 * API Gateway emulator's router all read templates through it.
 *
 * Errors (returned, not thrown): not starting with `/`; an empty segment (`//`, or a trailing `/` other
 * than the root `/`); a `.`/`..` segment; `*`, `?` or a stray brace in a literal segment (they are not
 * wildcards in API Gateway resource paths); a malformed or duplicate parameter; `{name+}` not last.
 *
 * @param template - e.g. `/pets/{id}`, `/files/{proxy+}` or `/`
 * @returns the parsed template, or an error sentence (without the field name)
 * @see [Amazon API Gateway Developer Guide - Set up a method request: resources](https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#setup-method-resources)
 * @see [Amazon API Gateway Developer Guide - Working with routes for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html)
 */
export function parseResourceTemplate(template: string): ResourceTemplateResult {
  if (typeof template !== 'string' || !template.startsWith('/')) return fail('must start with "/"');
  const segments: TemplateSegment[] = [];
  const parameters: string[] = [];
  if (template === '/') return { ok: true, template: { source: template, parameters, segments } };
  const raw = template.slice(1).split('/');
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
      segments.push(greedy ? { kind: 'greedy', name } : { kind: 'param', name });
    } else if (/[{}*?]/.test(seg)) {
      return fail(`segment "${seg}": "*", "?" and braces are not allowed in a literal resource segment`);
    } else {
      segments.push({ kind: 'literal', value: seg });
    }
  }
  return { ok: true, template: { source: template, parameters, segments } };
}

function fail(error: string): ResourceTemplateResult {
  return { ok: false, error };
}

/**
 * Matches a decoded, hygiene-checked path (see `normalizePath`) against a compiled resource. A single
 * trailing `/` in the path is ignored (`/pets/1/` is the resource `/pets/{id}`), so a trailing slash can
 * never step around a rule. No allocation.
 *
 * @param resource - from {@link parseResourceTemplate}
 * @param path - the normalized request path, starting with `/`
 */
export function matchResource(resource: ResourceTemplate, path: string): boolean {
  let n = path.length;
  if (n > 1 && path.charCodeAt(n - 1) === 0x2f) n--;
  const segments = resource.segments;
  if (segments.length === 0) return n === 1;
  let pos = 1;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 'greedy') return pos < n;
    let end = path.indexOf('/', pos);
    if (end < 0 || end > n) end = n;
    if (end === pos) return false;
    if (seg.kind === 'literal' && (seg.value.length !== end - pos || !path.startsWith(seg.value, pos)))
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
export function resourceGlob(resource: ResourceTemplate): string {
  return resource.segments.map((s) => (s.kind === 'literal' ? s.value : '*')).join('/');
}

/** The literal segments before a resource's first parameter (`/pets/{id}` → `['pets']`). */
export function resourceLiteralSegments(resource: ResourceTemplate): string[] {
  const out: string[] = [];
  for (const segment of resource.segments) {
    if (segment.kind !== 'literal') break;
    out.push(segment.value);
  }
  return out;
}
