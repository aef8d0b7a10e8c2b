/**
 * Construct-time validation of props: each problem is reported with the prop's name and what is expected,
 * before anything is synthesized.
 *
 * @module
 */
import { Token } from 'aws-cdk-lib';
import { EdgewardError } from 'edgeward';

/**
 * Thrown when construct props are invalid (`props_invalid`); `message` names the construct, the prop and
 * the expectation.
 */
export class EdgewardPropsError extends EdgewardError {
  static readonly code = 'props_invalid';
  declare readonly code: typeof EdgewardPropsError.code;

  /**
   * @param construct - the construct's class name, e.g. `ProtectedSite`
   * @param prop - the prop's path, e.g. `site.config`
   * @param expected - what the prop must be
   */
  constructor(construct: string, prop: string, expected: string) {
    super(EdgewardPropsError.code, `${construct}: props.${prop}: ${expected}`);
    this.name = 'EdgewardPropsError';
  }
}

/**
 * Thrown when a CDK context value edgeward reads (`edgeward:jwksFile`) is invalid (`context_invalid`);
 * `message` names the context key and what is expected.
 */
export class EdgewardContextError extends EdgewardError {
  static readonly code = 'context_invalid';
  declare readonly code: typeof EdgewardContextError.code;

  /**
   * @param key - the context key, e.g. `edgeward:jwksFile`
   * @param expected - what the value must be
   * @param value - the value found
   */
  constructor(key: string, expected: string, value: unknown) {
    super(
      EdgewardContextError.code,
      `CDK context ${key}: expected ${expected}, got ${JSON.stringify(value)}`,
    );
    this.name = 'EdgewardContextError';
  }
}

/**
 * Refuses a value that only exists at deploy time (a CDK token). Lambda@Edge has no environment variables,
 * so edgeward bakes its configuration into the bundle at synth time; a token cannot be baked.
 */
export function requireConcrete(construct: string, prop: string, value: string | undefined): void {
  if (value !== undefined && Token.isUnresolved(value)) {
    throw new EdgewardPropsError(
      construct,
      prop,
      'must be a concrete value known at synth time, not a deploy-time token: edgeward bakes its configuration ' +
        'into the function bundle (Lambda@Edge has no environment variables). Create the resource in an earlier ' +
        'stack or deployment and pass its id as a string (see docs/deploy.md).',
    );
  }
}

/** A CloudFront path pattern as accepted by cache behaviors: starts with `/` or is `*`-led, ≤ 255 chars. */
export function checkPathPattern(construct: string, prop: string, pattern: string): void {
  if (pattern.length === 0 || pattern.length > 255 || !/^[/*]/.test(pattern) || /\s/.test(pattern)) {
    throw new EdgewardPropsError(
      construct,
      prop,
      `expected a CloudFront path pattern such as "/members/*" (got ${JSON.stringify(pattern)})`,
    );
  }
}

/**
 * An origin `https://host[:port]` (or `http://localhost[:port]`) without a path, normalized (no trailing
 * `/`); a deploy-time token passes unchecked.
 *
 * @throws EdgewardPropsError naming `prop`
 */
export function checkedOrigin(construct: string, prop: string, origin: string): string {
  if (Token.isUnresolved(origin)) return origin;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const localhost = url?.protocol === 'http:' && url.hostname === 'localhost';
  if (!url || (url.protocol !== 'https:' && !localhost) || url.origin !== origin.replace(/\/$/, '')) {
    throw new EdgewardPropsError(
      construct,
      prop,
      `expected an origin such as "https://app.example.com" (https, no path; got ${JSON.stringify(origin)})`,
    );
  }
  return url.origin;
}
