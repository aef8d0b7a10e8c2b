/**
 * `ProtectedSite` routing checks and content upload, by offline synth: the function's own paths (callback,
 * sign-out, signed-cookie issue route) must reach a behavior that runs it, and `contentDir` puts each file
 * in the bucket its URL is served from.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE, CONTENT_DIR, JWKS_FILE } from '../../examples/cdk/stacks.js';
import { ProtectedSite, type ProtectedSiteProps } from '../../packages/cdk/src/index.js';
import { repoWorkDir } from '../helpers/work-dir.js';

const env = { account: '111111111111', region: 'eu-west-1' };
let work: string;

beforeAll(() => {
  work = repoWorkDir('cdk-site-');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the example config with `edit` applied. */
function config(edit: (site: Record<string, unknown>) => void): string {
  const data = JSON.parse(readFileSync(CONFIG_FILE, 'utf8'));
  delete data.$schema;
  edit(data.functions.site);
  const file = join(mkdtempSync(join(work, 'config-')), 'edgeward.config.json');
  writeFileSync(file, JSON.stringify(data));
  return file;
}

const base: ProtectedSiteProps = {
  configFile: CONFIG_FILE,
  functionName: 'site',
  jwksFile: JWKS_FILE,
  protectedPaths: ['/members/*', '/admin/*', '/private/login'],
  signedCookies: { publicKeyId: 'K2JCJMDEHXQW5F', paths: ['/private/app/*'] },
};

/** Constructs a site in a stack that is never bundled (construct-time checks only). */
function construct(props: Partial<ProtectedSiteProps>): () => ProtectedSite {
  return () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    return new ProtectedSite(new Stack(app, 'S', { env }), 'Site', { ...base, ...props });
  };
}

describe("the function's own paths must reach a behavior that runs it", () => {
  it('accepts the example (callback and sign-out under /_edgeward/*, issue route protected)', () => {
    expect(construct({})).not.toThrow();
  });

  it('names a callback path served by the default behavior', () => {
    const configFile = config((s) => {
      s['paths'] = { callback: '/auth/callback' };
    });
    expect(construct({ configFile })).toThrow(
      'ProtectedSite: props.authPaths: functions.site.paths.callback "/auth/callback" is served by the default behavior (S3, no function)',
    );
    expect(construct({ configFile, authPaths: ['/_edgeward/*', '/auth/*'] })).not.toThrow();
  });

  it('names a sign-out path outside the auth paths', () => {
    const configFile = config((s) => {
      s['paths'] = { signOut: '/logout' };
    });
    expect(construct({ configFile })).toThrow(
      'functions.site.paths.signOut "/logout" is served by the default',
    );
  });

  it('names an issue path that only the auth paths could have run but is not listed', () => {
    expect(construct({ protectedPaths: ['/members/*', '/admin/*'] })).toThrow(
      'functions.site.signedCookies.issuePath "/private/login" is served by the default behavior',
    );
  });

  it('names an issue path shadowed by a signed-cookie behavior (no function runs there)', () => {
    const configFile = config((s) => {
      (s['signedCookies'] as Record<string, unknown>)['issuePath'] = '/private/app/login';
    });
    expect(construct({ configFile })).toThrow(
      'functions.site.signedCookies.issuePath "/private/app/login" is served by the signed-cookie behavior "/private/app/*" (no function)',
    );
  });

  it('follows CloudFront order: a protected pattern before the signed-cookie one covers the path', () => {
    const configFile = config((s) => {
      (s['signedCookies'] as Record<string, unknown>)['issuePath'] = '/private/app/login';
    });
    expect(
      construct({ configFile, protectedPaths: ['/members/*', '/admin/*', '/private/app/log?n'] }),
    ).not.toThrow();
  });
});

describe('contentDir', () => {
  /** The files each BucketDeployment uploads, by destination bucket logical id. */
  function uploads(props: Partial<ProtectedSiteProps>): { public: string[]; private: string[] } {
    const outdir = mkdtempSync(join(work, 'content-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Content', { env });
    const site = new ProtectedSite(stack, 'Site', { ...base, ...props });
    app.synth();
    const template = Template.fromStack(stack);
    const bucketId = (b: unknown) => stack.resolve((b as { bucketName: string }).bucketName).Ref as string;
    const result = { public: [] as string[], private: [] as string[] };
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    expect(Object.keys(deployments)).toHaveLength(site.contentDeployments.length);
    for (const deployment of Object.values(deployments)) {
      const p = deployment['Properties'] as {
        DestinationBucketName: { Ref: string };
        SourceObjectKeys: string[];
      };
      const hash = p.SourceObjectKeys[0]!.replace(/\.zip$/, '');
      const dir = join(outdir, `asset.${hash}`);
      const files = listFiles(dir).map((f) => relative(dir, f).split('\\').join('/'));
      const target = p.DestinationBucketName.Ref === bucketId(site.privateBucket) ? 'private' : 'public';
      expect(p.DestinationBucketName.Ref).toBe(
        bucketId(target === 'private' ? site.privateBucket : site.publicBucket),
      );
      result[target].push(...files.sort());
    }
    return result;
  }

  function listFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
    );
  }

  it('uploads protected and signed-cookie pages to the private bucket only, the rest to the public one', () => {
    const split = uploads({ contentDir: CONTENT_DIR });
    expect(split.private).toEqual([
      'admin/index.html',
      'members/files/index.html',
      'members/index.html',
      'private/app/index.html',
    ]);
    expect(split.public).toEqual([
      'assets/members.js',
      'assets/session.js',
      'assets/site.css',
      'errors/403.html',
      'errors/404.html',
      'favicon.ico',
      'index.html',
    ]);
  }, 180_000);

  it('refuses a folder that does not exist', () => {
    expect(construct({ contentDir: join(work, 'missing') })).toThrow(
      /ProtectedSite: props\.contentDir: .*missing is not a directory/,
    );
  });
});
