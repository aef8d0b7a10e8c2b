/**
 * Route selection as API Gateway does it: resource templates (`/pets`, `/pets/{id}`, `/files/{proxy+}`)
 * matched segment by segment, where a literal segment beats a `{param}`, which beats a greedy `{proxy+}`;
 * then the exact method beats `ANY`.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#setup-method-resources
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
 * @module
 */
import { parseResourceTemplate, type TemplateSegment } from 'edgeward/internal/core/rules/resource.js';

/** A matched route: the resource template, its path parameters, and the route's value. */
export interface RouteMatch<T> {
  /** The resource template, e.g. `/pets/{id}`. */
  readonly resource: string;
  readonly method: string;
  /** Path parameters by name (percent-decoded), e.g. `{ id: '7' }`; `proxy+` templates give `proxy`. */
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly value: T;
}

interface CompiledRoute<T> {
  readonly resource: string;
  readonly segments: readonly TemplateSegment[];
  readonly methods: ReadonlyMap<string, T>;
}

/** Ranks a segment kind: lower is more specific. */
const RANK: Record<TemplateSegment['kind'], number> = { literal: 0, param: 1, greedy: 2 };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches one path against one template; returns the parameters and a specificity key, or undefined. */
function matchOne<T>(route: CompiledRoute<T>, parts: readonly string[]) {
  const params: Record<string, string> = {};
  const ranks: number[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    ranks.push(RANK[seg.kind]);
    if (seg.kind === 'greedy') {
      if (i >= parts.length) return undefined;
      params[seg.name] = parts.slice(i).map(decode).join('/');
      return { params, ranks };
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (seg.kind === 'literal' && seg.value !== part) return undefined;
    if (seg.kind === 'param') params[seg.name] = decode(part);
  }
  return parts.length === route.segments.length ? { params, ranks } : undefined;
}

function moreSpecific(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return a.length > b.length;
}

/**
 * Builds a router over `resources` (template → method or `ANY` → value).
 *
 * @throws Error naming a malformed resource template
 */
export function createRouter<T>(
  resources: Readonly<Record<string, Readonly<Record<string, T>>>>,
): (method: string, path: string) => RouteMatch<T> | undefined {
  const routes: CompiledRoute<T>[] = Object.entries(resources).map(([resource, methods]) => {
    const parsed = parseResourceTemplate(resource);
    if (!parsed.ok)
      throw new Error(`malformed resource template ${JSON.stringify(resource)}: ${parsed.error}`);
    return { resource, segments: parsed.template.segments, methods: new Map(Object.entries(methods)) };
  });
  return (method, path) => {
    const parts = path === '/' ? [] : path.replace(/^\//, '').split('/');
    let best: { route: CompiledRoute<T>; params: Record<string, string>; ranks: number[] } | undefined;
    for (const route of routes) {
      const m = matchOne(route, parts);
      if (m !== undefined && (best === undefined || moreSpecific(m.ranks, best.ranks))) {
        best = { route, ...m };
      }
    }
    if (best === undefined) return undefined;
    const verb = best.route.methods.has(method) ? method : 'ANY';
    const value = best.route.methods.get(verb);
    if (value === undefined) return undefined;
    return { resource: best.route.resource, method: verb, pathParameters: best.params, value };
  };
}
