/**
 * The text `edgeward rehearse` prints once the rehearsal runs: what stands for what, which code runs, the
 * users, and every finding by name.
 *
 * @module
 */
import { formatFinding } from './findings.js';
import type { Rehearsal } from './rehearse.js';

const short = (source: string) => (source === 'inline' ? 'inline code' : `asset ${source.slice(0, 12)}…`);

/** The banner of a running rehearsal. */
export function rehearsalBanner(rehearsal: Rehearsal, assembly: string): string {
  const lines = ['', `  edgeward deploy rehearsal of ${assembly}`, ''];
  if (rehearsal.distributions.length > 0) lines.push('  Distributions (CloudFront emulator)');
  for (const d of rehearsal.distributions) {
    lines.push(
      `    ${d.id}`,
      `      ${d.url}${d.publicOrigin === undefined ? '' : `   stands for ${d.publicOrigin}`}`,
    );
    lines.push(`      behaviors: ${d.behaviors.join(', ')}`);
  }
  if (rehearsal.apis.length > 0) lines.push('', '  APIs (API Gateway emulators, stub integrations)');
  for (const api of rehearsal.apis) {
    lines.push(`    ${api.id} (${api.kind === 'rest' ? 'REST API' : 'HTTP API'})`, `      ${api.url}`);
    for (const a of api.authorizers) lines.push(`      authorizer ${a.id}: ${a.type}, ${short(a.source)}`);
  }
  if (rehearsal.identityProviders.length > 0)
    lines.push('', '  Identity provider (stands for the user pool)');
  for (const idp of rehearsal.identityProviders) {
    lines.push(
      `    ${idp.url}${idp.publicOrigins.length > 0 ? `   stands for ${idp.publicOrigins.join(', ')}` : ''}`,
    );
    lines.push(`      issuer ${idp.issuer}, app clients ${idp.clientIds.join(', ')}`);
  }
  lines.push('', '  Functions run from the assembly');
  for (const fn of rehearsal.functions) lines.push(`    ${fn.id}   ${short(fn.source)} ${fn.entryFile}`);
  lines.push('', '  Users (local only):');
  for (const u of rehearsal.users) {
    lines.push(
      `    ${u.username.padEnd(8)} ${u.password.padEnd(22)} ${u.groups.length ? u.groups.join(', ') : '(no group)'}`,
    );
  }
  const unsupported = rehearsal.findings.filter((f) => f.kind === 'unsupported');
  const substituted = rehearsal.findings.filter((f) => f.kind === 'substituted');
  lines.push('', `  Not emulated (${unsupported.length}):`);
  for (const f of unsupported) lines.push(`    - ${formatFinding(f)}`);
  lines.push('', `  Local stand-ins (${substituted.length}):`);
  for (const f of substituted) lines.push(`    - ${formatFinding(f)}`);
  lines.push(
    '',
    '  Not emulated anywhere: caching (every request reaches the origin), TLS (http on localhost), and',
    '  origin request policies (every viewer header reaches the origin).',
    '',
    '  Press Ctrl-C to stop.',
    '',
  );
  return lines.join('\n');
}
