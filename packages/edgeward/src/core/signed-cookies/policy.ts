/**
 * CloudFront policy statements for signed cookies: building the custom policy edgeward signs, parsing and
 * checking a policy the way CloudFront does (Resource wildcards, DateLessThan, DateGreaterThan, IpAddress),
 * and the canned policy CloudFront reconstructs from `CloudFront-Expires`.
 *
 * Dependency-free (`node:net` only) so the local CloudFront emulator can reuse it.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-canned-policy.html
 * @module
 */

import { BlockList, isIP } from 'node:net';
import { isRecord } from '../record.js';
import { compileGlob, matchGlob } from '../rules/glob.js';

/** The conditions of one policy statement. Times are **seconds** since the epoch (`AWS:EpochTime`). */
export interface PolicyConditions {
  /** Required: the request must happen strictly before this time. */
  readonly dateLessThan: number;
  /** Optional: the request must happen strictly after this time. */
  readonly dateGreaterThan?: number;
  /** Optional: the viewer's IP must be inside this CIDR (e.g. `192.0.2.10/32`). */
  readonly sourceIp?: string;
}

/** One parsed policy statement. */
export interface PolicyStatement extends PolicyConditions {
  /** The `Resource` URL pattern (`*` and `?` wildcards); `undefined` when the policy omits it (any URL). */
  readonly resource: string | undefined;
}

/**
 * Serializes a custom policy exactly as edgeward signs it: one statement, no whitespace,
 * `{"Statement":[{"Resource":…,"Condition":{"DateLessThan":{"AWS:EpochTime":N},…}}]}`.
 *
 * @param resource - the `Resource` URL pattern, e.g. `https://example.com/private/app/*`
 * @param conditions - the conditions; `dateGreaterThan`/`sourceIp` are included only when set
 * @returns the policy JSON (UTF-8 text); its bytes are what gets signed
 */
export function buildCustomPolicy(resource: string, conditions: PolicyConditions): string {
  const condition: Record<string, unknown> = { DateLessThan: { 'AWS:EpochTime': conditions.dateLessThan } };
  if (conditions.dateGreaterThan !== undefined) {
    condition['DateGreaterThan'] = { 'AWS:EpochTime': conditions.dateGreaterThan };
  }
  if (conditions.sourceIp !== undefined) condition['IpAddress'] = { 'AWS:SourceIp': conditions.sourceIp };
  return JSON.stringify({ Statement: [{ Resource: resource, Condition: condition }] });
}

/**
 * The canned policy CloudFront reconstructs for `CloudFront-Expires` cookies: the requested URL as `Resource`
 * and the expiry as `DateLessThan`. The signature of a canned-policy cookie is over these exact bytes.
 *
 * @param url - the requested URL (scheme, host, path and query string, without CloudFront's own parameters)
 * @param expires - `CloudFront-Expires`, seconds since the epoch
 */
export function buildCannedPolicy(url: string, expires: number): string {
  return JSON.stringify({
    Statement: [{ Resource: url, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }],
  });
}

/** The parse result of {@link parsePolicy}. */
export type ParsedPolicy =
  | { readonly ok: true; readonly statement: PolicyStatement }
  | { readonly ok: false; readonly detail: string };

/** Reads `{"AWS:EpochTime": N}`; N must be a non-negative integer. */
function epochTime(v: unknown): number | undefined {
  if (!isRecord(v) || Object.keys(v).length !== 1) return undefined;
  const t = v['AWS:EpochTime'];
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0 ? t : undefined;
}

/**
 * Parses and validates a policy statement (the decoded `CloudFront-Policy`). Fails closed: exactly one
 * statement, only the `Resource` and `Condition` members, only the `DateLessThan` (required),
 * `DateGreaterThan` and `IpAddress` conditions, integer epoch times and a valid CIDR.
 *
 * @param json - the policy JSON text
 */
export function parsePolicy(json: string): ParsedPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return { ok: false, detail: 'policy is not JSON' };
  }
  if (!isRecord(doc) || Object.keys(doc).length !== 1 || !Array.isArray(doc['Statement'])) {
    return { ok: false, detail: 'policy must be an object with only "Statement"' };
  }
  const statements = doc['Statement'] as unknown[];
  if (statements.length !== 1 || !isRecord(statements[0])) {
    return { ok: false, detail: 'policy must have exactly one statement' };
  }
  const stmt = statements[0];
  for (const key of Object.keys(stmt)) {
    if (key !== 'Resource' && key !== 'Condition')
      return { ok: false, detail: `unsupported statement member ${key}` };
  }
  const resource = stmt['Resource'];
  if (resource !== undefined && typeof resource !== 'string')
    return { ok: false, detail: 'Resource must be a string' };
  const cond = stmt['Condition'];
  if (!isRecord(cond)) return { ok: false, detail: 'Condition is missing' };
  for (const key of Object.keys(cond)) {
    if (key !== 'DateLessThan' && key !== 'DateGreaterThan' && key !== 'IpAddress') {
      return { ok: false, detail: `unsupported condition ${key}` };
    }
  }
  const dateLessThan = epochTime(cond['DateLessThan']);
  if (dateLessThan === undefined)
    return { ok: false, detail: 'DateLessThan must be {"AWS:EpochTime": integer}' };
  let dateGreaterThan: number | undefined;
  if (cond['DateGreaterThan'] !== undefined) {
    dateGreaterThan = epochTime(cond['DateGreaterThan']);
    if (dateGreaterThan === undefined) {
      return { ok: false, detail: 'DateGreaterThan must be {"AWS:EpochTime": integer}' };
    }
  }
  let sourceIp: string | undefined;
  if (cond['IpAddress'] !== undefined) {
    const ip = cond['IpAddress'];
    const cidr = isRecord(ip) && Object.keys(ip).length === 1 ? ip['AWS:SourceIp'] : undefined;
    if (typeof cidr !== 'string' || parseCidr(cidr) === undefined) {
      return { ok: false, detail: 'IpAddress must be {"AWS:SourceIp": CIDR}' };
    }
    sourceIp = cidr;
  }
  return {
    ok: true,
    statement: {
      resource,
      dateLessThan,
      ...(dateGreaterThan === undefined ? {} : { dateGreaterThan }),
      ...(sourceIp === undefined ? {} : { sourceIp }),
    },
  };
}

/**
 * Matches a URL against a policy `Resource` pattern as CloudFront does: case-sensitive, `*` matches zero or
 * more characters (including `/`), `?` exactly one character, everything else literally. The wildcard
 * semantics and the linear-time matcher (no regular expression, no backtracking blow-up) are the rules
 * module's plain globs (`compileGlob`/`matchGlob`), shared with IAM resource matching.
 *
 * @param pattern - the `Resource` value, e.g. `https://example.com/private/app/*`
 * @param url - the requested URL including its query string
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-setting-signed-cookie-custom-policy.html
 */
export function matchResource(pattern: string, url: string): boolean {
  return matchGlob(compileGlob(pattern), url);
}

/** A parsed CIDR block. */
interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Parses `address/prefix` (IPv4 prefix 0–32, IPv6 0–128); a bare address means /32 or /128. */
function parseCidr(cidr: string): Cidr | undefined {
  const slash = cidr.indexOf('/');
  const address = slash === -1 ? cidr : cidr.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash !== -1) {
    const p = cidr.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * True when `ip` lies inside `cidr` (IPv4 or IPv6). Addresses of different families never match.
 *
 * @param ip - the viewer's address (CloudFront `clientIp`)
 * @param cidr - e.g. `192.0.2.0/24`, `2001:db8::1/128`
 */
export function ipInCidr(ip: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  const version = isIP(ip);
  if (block === undefined || version === 0 || (version === 4) !== (block.family === 'ipv4')) return false;
  const list = new BlockList();
  list.addSubnet(block.address, block.prefix, block.family);
  return list.check(ip, block.family);
}

/**
 * The single-address CIDR for a viewer's IP: `a.b.c.d/32` or `…/128` for IPv6.
 *
 * @returns the CIDR, or `undefined` when `ip` is not an IP address
 */
export function singleAddressCidr(ip: string): string | undefined {
  const version = isIP(ip);
  if (version === 0) return undefined;
  return `${ip}/${version === 4 ? 32 : 128}`;
}
