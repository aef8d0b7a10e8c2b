/**
 * cdk-nag's AwsSolutions pack on the example app: no finding on a resource made by edgeward's constructs
 * (ProtectedSite, its edge function stack, ApiAuthorizer, EdgewardUserPool), except the findings they
 * acknowledge with a reason (packages/cdk/src/acknowledgments.ts, listed in docs/deploy.md) and the two
 * deployment choices the example acknowledges itself (default certificate, no geo restriction). The
 * example's own backend (the pets Lambda and REST API) is not edgeward's and is not judged here.
 *
 * @see https://github.com/cdklabs/cdk-nag
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/cdk/stacks.js';

const WEB_ACL =
  'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edgeward/0123abcd-0000-0000-0000-000000000000';

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

let outdir: string | undefined;
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** Synthesizes the example app with the AwsSolutions pack and returns its violations. */
function nag(context: Record<string, unknown>): Violation[] {
  outdir = mkdtempSync(join(tmpdir(), 'edgeward-nag-'));
  const { app } = createApp({ outdir, env: {}, context });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (e) {
    // Findings make synth throw (ValidationFailed) after writing the report read below.
    if ((e as Error).name !== 'ValidationFailed') throw e;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: Violation[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations);
}

/** Construct paths made by edgeward's constructs (and the CDK-provided resources they add). */
const EDGEWARD = [
  /^EdgewardSite\/Site\//,
  /^EdgewardSite\/Custom::CDKBucketDeployment/,
  /^edge-lambda-stack-[0-9a-f]+\//,
  /^EdgewardApi\/Authorizer\//,
  /^EdgewardUserPool\/Pool\//,
];

describe('cdk-nag AwsSolutions on the example app', () => {
  it('finds nothing on edgeward’s constructs beyond the acknowledged findings', () => {
    const violations = nag({ webAclId: WEB_ACL });
    const ours = violations.flatMap((v) =>
      v.violatingConstructs
        .filter((c) => EDGEWARD.some((re) => re.test(c.constructPath)))
        .map((c) => `${v.ruleName} ${c.constructPath}`),
    );
    expect(ours).toEqual([]);
    // The pack did run: the example's own backend has findings of its own.
    expect(
      violations.some((v) =>
        v.violatingConstructs.some((c) => c.constructPath.startsWith('EdgewardApi/Pets')),
      ),
    ).toBe(true);
  }, 240_000);

  it('reports the distribution without a web ACL (AwsSolutions-CFR2)', () => {
    const violations = nag({});
    const cfr2 = violations.find((v) => v.ruleName === 'AwsSolutions-CFR2');
    expect(cfr2?.violatingConstructs.map((c) => c.constructPath)).toEqual([
      'EdgewardSite/Site/Distribution/Resource',
    ]);
  }, 240_000);
});
