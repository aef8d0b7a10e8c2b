/**
 * Build-time validation of rules: every message names the field (`rules[2].path: …`) and says what is
 * wrong and why it matters. Used by the CLI/CDK config validation and, as a last line of defence, by
 * `compileRules`.
 *
 * @module
 */

import type { RulesConfig } from '../config.js';
import { isRecord } from '../record.js';
import { compilePathPattern, describePatternProblem } from './glob.js';
import { isControl } from './normalize.js';
import { parseResourceTemplate } from './resource.js';

/** HTTP methods a rule may name (CloudFront's allowed methods; API Gateway's besides `ANY`). */
export const RULE_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const ACCESS = ['public', 'authenticated', 'deny'];
const RULE_FIELDS = ['path', 'resource', 'methods', 'access', 'groups', 'allGroups', 'scopes', 'claims'];
const REQUIREMENT_FIELDS = ['groups', 'allGroups', 'scopes', 'claims'] as const;

/**
 * Validates rules and returns human-readable problems, each prefixed with its field path; `[]` when
 * the rules are valid. Reported: a non-object rule or unknown field (a typo such as `group` would
 * silently drop a requirement); both or neither of `path`/`resource`; pattern syntax (unknown or
 * misplaced placeholders, `{name+}` not last, `*`/`?` in a resource); patterns that can never match a
 * normalized path (`//`, `.`/`..` segments, control characters, `\`, percent-escapes — rules match the
 * **decoded** path); unknown, lower-case or empty `methods`; an invalid `access` or `defaultAccess`;
 * empty `groups`/`allGroups`/`scopes`/`claims`; requirements on a `public` or `deny` rule; claim
 * placeholders in a `public` or `deny` rule; rules made unreachable by an earlier catch-all.
 *
 * The input is treated as untrusted JSON (types are checked), so it can run before or after schema
 * validation.
 *
 * @param config - the rules section of the configuration
 * @returns problems, e.g. `rules[2].path: unknown placeholder syntax "{a b}" …`
 */
export function validateRules(config: RulesConfig): string[] {
  const out: string[] = [];
  const cfg: unknown = config;
  if (!isRecord(cfg)) return ['rules: must be an object with a "rules" array'];
  if (cfg['defaultAccess'] !== undefined && !ACCESS.includes(cfg['defaultAccess'] as string)) {
    out.push(`defaultAccess: must be one of ${ACCESS.join(', ')}`);
  }
  const rules = cfg['rules'];
  if (!Array.isArray(rules)) return [...out, 'rules: must be an array'];
  let catchAll = -1;
  rules.forEach((rule: unknown, i) => {
    const at = `rules[${i}]`;
    if (!isRecord(rule)) {
      out.push(`${at}: must be an object`);
      return;
    }
    if (catchAll >= 0) out.push(`${at}: unreachable (rules[${catchAll}] matches every request before it)`);
    for (const k of Object.keys(rule)) if (!RULE_FIELDS.includes(k)) out.push(`${at}.${k}: unknown field`);
    const access = rule['access'];
    if (access !== undefined && !ACCESS.includes(access as string)) {
      out.push(`${at}.access: must be one of ${ACCESS.join(', ')}`);
    }
    const hasRequirements = REQUIREMENT_FIELDS.some((f) => rule[f] !== undefined);
    if (hasRequirements && access === 'public') {
      out.push(
        `${at}.access: "public" with requirements; remove "access" (requirements imply "authenticated")`,
      );
    }
    if (hasRequirements && access === 'deny') {
      out.push(
        `${at}: a deny rule ignores ${REQUIREMENT_FIELDS.filter((f) => rule[f] !== undefined).join(', ')}`,
      );
    }
    const { path, resource } = rule;
    if ((path === undefined) === (resource === undefined)) {
      out.push(
        `${at}: set exactly one of "path" and "resource" (${path === undefined ? 'neither' : 'both'} set)`,
      );
    } else if (path !== undefined) {
      const placeholders = checkPattern(`${at}.path`, path, out);
      if (placeholders > 0 && access === 'deny') {
        out.push(
          `${at}.path: a placeholder in a deny rule matches any segment (denial cannot depend on a claim); use "*"`,
        );
      }
      if (placeholders > 0 && access === 'public') {
        out.push(`${at}.path: a public rule cannot interpolate claims (a token is needed to read them)`);
      }
      if ((path === '*' || path === '/*') && rule['methods'] === undefined) catchAll = i;
    } else {
      const r = parseResourceTemplate(resource as string);
      if (!r.ok) out.push(`${at}.resource: ${r.error}`);
    }
    checkMethods(`${at}.methods`, rule['methods'], out);
    for (const f of ['groups', 'allGroups', 'scopes'] as const) checkStringList(`${at}.${f}`, rule[f], out);
    checkClaims(`${at}.claims`, rule['claims'], out);
  });
  return out;
}

/** Checks a path pattern; returns the number of placeholders (0 when invalid). */
function checkPattern(at: string, path: unknown, out: string[]): number {
  const r = compilePathPattern(path as string);
  if (!r.ok) {
    out.push(`${at}: ${describePatternProblem(r.problem)}`);
    return 0;
  }
  const src = r.glob.source;
  const never = (why: string): void => {
    out.push(`${at}: can never match: ${why}`);
  };
  if (src.includes('//')) never('normalized paths have no empty segments ("//")');
  if (/\/\.\.?(\/|$)/.test(src)) never('normalized paths have no "." or ".." segments');
  if (src.includes('\\')) never('normalized paths contain no backslash');
  for (let i = 0; i < src.length; i++) {
    if (isControl(src.charCodeAt(i))) {
      never('normalized paths contain no control characters');
      break;
    }
  }
  const pctEscape = /%[0-9A-Fa-f]{2}/.exec(src);
  if (pctEscape) {
    out.push(
      `${at}: "${pctEscape[0]}": patterns match the percent-decoded path; write the decoded character instead`,
    );
  }
  return r.glob.placeholders.length;
}

function checkMethods(at: string, methods: unknown, out: string[]): void {
  if (methods === undefined) return;
  if (!Array.isArray(methods) || methods.length === 0) {
    out.push(`${at}: must be a non-empty array (omit it to match every method)`);
    return;
  }
  methods.forEach((m: unknown, j) => {
    if (typeof m !== 'string') out.push(`${at}[${j}]: must be a string`);
    else if (RULE_METHODS.includes(m)) return;
    else if (RULE_METHODS.includes(m.toUpperCase())) out.push(`${at}[${j}]: "${m}" must be upper case`);
    else
      out.push(
        `${at}[${j}]: unknown method "${m}" (expected ${RULE_METHODS.join(', ')}; omit "methods" for every method)`,
      );
  });
}

function checkStringList(at: string, list: unknown, out: string[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    out.push(`${at}: must be an array of strings`);
  } else if (list.length === 0) {
    out.push(
      `${at}: empty list (${at.endsWith('.groups') ? 'can never be satisfied' : 'requires nothing'}; remove it)`,
    );
  } else {
    list.forEach((v: unknown, j) => {
      if (typeof v !== 'string' || v === '') out.push(`${at}[${j}]: must be a non-empty string`);
    });
  }
}

function checkClaims(at: string, claims: unknown, out: string[]): void {
  if (claims === undefined) return;
  if (!isRecord(claims)) {
    out.push(`${at}: must be an object of claim name → string or list of strings`);
    return;
  }
  const entries = Object.entries(claims);
  if (entries.length === 0) out.push(`${at}: empty object (requires nothing; remove it)`);
  for (const [name, v] of entries) {
    if (typeof v === 'string') continue;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string')) {
      out.push(`${at}.${name}: must be a string or a non-empty list of strings`);
    }
  }
}
