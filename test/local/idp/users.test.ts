/**
 * The user directory (users.json parsing, lookups, password checks), the standalone runner's argument
 * parsing, and option validation of startIdentityProvider.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startIdentityProvider } from '../../../packages/cli/src/local/idp/index.js';
import { parseStandaloneArgs } from '../../../packages/cli/src/local/idp/main.js';
import { createUserDirectory, readUsersFile, userClaims } from '../../../packages/cli/src/local/idp/users.js';
import { USERS_FILE } from './flow.js';

function tempFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'edgeward-idp-')), 'users.json');
  writeFileSync(path, content);
  return path;
}

describe('demo/users.json', () => {
  it('holds the documented demo users alice (members, admins) and bob (members)', () => {
    const users = readUsersFile(USERS_FILE);
    const byName = new Map(users.map((u) => [u.username, u]));
    expect(byName.get('alice')?.groups).toEqual(['members', 'admins']);
    expect(byName.get('bob')?.groups).toEqual(['members']);
    expect(new Set(users.map((u) => u.sub)).size).toBe(users.length);
    for (const u of users)
      expect(u.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('readUsersFile', () => {
  it('accepts a bare array and {"users": [...]}', () => {
    const user = { username: 'u', password: 'p', sub: 's' };
    expect(readUsersFile(tempFile(JSON.stringify([user])))).toEqual([user]);
    expect(readUsersFile(tempFile(JSON.stringify({ _comment: 'x', users: [user] })))).toEqual([user]);
  });

  it('names the file and the problem for invalid content', () => {
    expect(() => readUsersFile(tempFile('{'))).toThrow(/cannot read JSON/);
    expect(() => readUsersFile(tempFile('{"people": []}'))).toThrow(/expected/);
    expect(() => readUsersFile(tempFile('[{"username": "u", "password": "p"}]'))).toThrow(
      /users\[0\]: "sub"/,
    );
    expect(() =>
      readUsersFile(tempFile('[{"username": "u", "password": "p", "sub": "s", "groups": "g"}]')),
    ).toThrow(/"groups" must be an array of strings/);
    expect(() => readUsersFile(join(tmpdir(), 'edgeward-no-such-dir', 'users.json'))).toThrow(/cannot read/);
  });
});

describe('createUserDirectory', () => {
  const directory = createUserDirectory([
    { username: 'alice', password: 'pw-a', sub: 'sub-a', email: 'a@example.com', groups: ['g1'] },
    { username: 'bob', password: 'pw-b', sub: 'sub-b', email: 'b@example.com', emailVerified: false },
  ]);

  it('authenticates only the exact username and password', () => {
    expect(directory.authenticate('alice', 'pw-a')?.sub).toBe('sub-a');
    expect(directory.authenticate('alice', 'pw-b')).toBeUndefined();
    expect(directory.authenticate('Alice', 'pw-a')).toBeUndefined();
    expect(directory.authenticate('carol', 'pw-a')).toBeUndefined();
    expect(directory.authenticate('alice', '')).toBeUndefined();
  });

  it('looks users up by username and sub', () => {
    expect(directory.byUsername('bob')?.sub).toBe('sub-b');
    expect(directory.bySub('sub-a')?.username).toBe('alice');
    expect(directory.bySub('nope')).toBeUndefined();
  });

  it('refuses duplicate usernames or subs', () => {
    expect(() =>
      createUserDirectory([
        { username: 'x', password: 'p', sub: '1' },
        { username: 'x', password: 'p', sub: '2' },
      ]),
    ).toThrow(/duplicate username/);
    expect(() =>
      createUserDirectory([
        { username: 'x', password: 'p', sub: '1' },
        { username: 'y', password: 'p', sub: '1' },
      ]),
    ).toThrow(/duplicate sub/);
  });

  it('maps attributes to Cognito claims', () => {
    expect(userClaims(directory.byUsername('alice')!)).toEqual({
      sub: 'sub-a',
      'cognito:username': 'alice',
      'cognito:groups': ['g1'],
      email: 'a@example.com',
      email_verified: true,
    });
    expect(userClaims(directory.byUsername('bob')!)).toEqual({
      sub: 'sub-b',
      'cognito:username': 'bob',
      email: 'b@example.com',
      email_verified: false,
    });
  });
});

describe('startIdentityProvider option validation', () => {
  it('refuses no clients, duplicate clients and non-positive lifetimes before listening', async () => {
    await expect(startIdentityProvider({ users: USERS_FILE, clients: [] })).rejects.toThrow(
      /at least one client/,
    );
    await expect(
      startIdentityProvider({ users: USERS_FILE, clients: [{ clientId: 'a' }, { clientId: 'a' }] }),
    ).rejects.toThrow(/duplicate clientId/);
    await expect(
      startIdentityProvider({ users: USERS_FILE, clients: [{ clientId: 'a' }], accessTokenTtlSeconds: 0 }),
    ).rejects.toThrow(/accessTokenTtlSeconds/);
  });

  it('derives the Cognito issuer from region and pool id, with defaults', async () => {
    const idp = await startIdentityProvider({ users: USERS_FILE, clients: [{ clientId: 'a' }] });
    try {
      expect(idp.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_edgeward');
      expect(idp.cognitoApiEndpoint).toBe(`${idp.baseUrl}/`);
    } finally {
      await idp.close();
    }
  });

  it('reuses a given signing key so tokens stay valid across restarts', async () => {
    const first = await startIdentityProvider({ users: USERS_FILE, clients: [{ clientId: 'a' }] });
    await first.close();
    const second = await startIdentityProvider({
      users: USERS_FILE,
      clients: [{ clientId: 'a' }],
      privateKeyJwk: first.privateKeyJwk,
    });
    try {
      const body = (await (await fetch(second.jwksUri)).json()) as { keys: { kid: string; n: string }[] };
      expect(body.keys[0]?.kid).toBe(first.privateKeyJwk.kid);
      expect(body.keys[0]?.n).toBe(first.jwks.keys[0]?.n);
    } finally {
      await second.close();
    }
  });
});

describe('parseStandaloneArgs', () => {
  it('builds options from flags', () => {
    expect(
      parseStandaloneArgs([
        '--port',
        '9229',
        '--client',
        'demo:s3:cret',
        '--redirect-uri',
        'http://127.0.0.1:3000/cb',
        '--logout-uri',
        'http://127.0.0.1:3000/',
        '--access-ttl',
        '60',
        '--region',
        'eu-west-1',
        '--allowed-host',
        'devbox',
        '--allowed-host',
        'devbox.internal',
      ]),
    ).toEqual({
      users: USERS_FILE,
      port: 9229,
      region: 'eu-west-1',
      allowedHosts: ['devbox', 'devbox.internal'],
      accessTokenTtlSeconds: 60,
      clients: [
        {
          clientId: 'demo',
          clientSecret: 's3:cret',
          redirectUris: ['http://127.0.0.1:3000/cb'],
          logoutUris: ['http://127.0.0.1:3000/'],
        },
      ],
    });
  });

  it('rejects unknown flags and non-numeric lifetimes', () => {
    expect(() => parseStandaloneArgs(['--nope'])).toThrow();
    expect(() => parseStandaloneArgs(['--access-ttl', '1h'])).toThrow(/whole number of seconds/);
  });
});
