/**
 * DNS rebinding protection (issue 13, item 8): every server of the local stack — the identity provider,
 * the CloudFront emulator (the demo site) and both API Gateway emulators — answers only requests for
 * `localhost`, `127.0.0.1`, `[::1]` and configured names; a page on another domain re-pointed at 127.0.0.1
 * gets 421 with a short text, so it cannot read local pages or mint tokens through the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevStack, startDevStack } from '../../packages/cli/src/local/dev.js';
import { allowedHostNames, hostNameOf } from '../../packages/cli/src/local/http.js';
import { headerValues, rawRequest } from './helpers.js';

let stack: DevStack;
beforeAll(async () => {
  stack = await startDevStack({
    ports: { cloudfront: 0, idp: 0, restApi: 0, httpApi: 0 },
    allowedHosts: ['devbox.internal'],
  });
}, 120_000);
afterAll(async () => stack?.close());

/** Each server, with a request it would otherwise answer (a page, a token, an API call). */
const servers = () =>
  [
    ['CloudFront emulator (demo site)', stack.urls.site, 'GET', '/index.html', ''],
    [
      'identity provider (InitiateAuth mints tokens)',
      stack.urls.idp,
      'POST',
      '/',
      JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: stack.clientId,
        AuthParameters: { USERNAME: 'alice', PASSWORD: 'alice-demo-password' },
      }),
    ],
    ['REST API emulator', stack.urls.restApi!, 'GET', '/dev/api/pets', ''],
    ['HTTP API emulator', stack.urls.httpApi!, 'GET', '/api/pets', ''],
  ] as const;

const IDP_HEADERS = [
  ['Content-Type', 'application/x-amz-json-1.1'],
  ['X-Amz-Target', 'AWSCognitoIdentityProviderService.InitiateAuth'],
] as const;

async function ask(index: number, host: string | null) {
  const [, url, method, target, body] = servers()[index]!;
  const headers = [['Host', host] as const, ...(method === 'POST' ? IDP_HEADERS : [])];
  return rawRequest(url, method, target, headers, body);
}

describe.each([0, 1, 2, 3])('server %i of the local stack', (index) => {
  const port = () => new URL(servers()[index]![1]).port;

  it.each([
    ['a foreign domain (rebound to 127.0.0.1)', (p: string) => `evil.example:${p}`],
    ['a domain starting with "localhost."', (p: string) => `localhost.evil.example:${p}`],
    ['a domain ending in an allowed IP', (p: string) => `127.0.0.1.nip.io:${p}`],
    ['a foreign domain without port', () => 'evil.example'],
    ['a malformed Host', () => 'localhost:80:80'],
  ])('answers 421 with a short text to %s', async (_name, host) => {
    const res = await ask(index, host(port()));
    expect(res.status, servers()[index]![0]).toBe(421);
    expect(headerValues(res, 'content-type')).toEqual(['text/plain; charset=utf-8']);
    expect(res.body).toMatch(/^421 Misdirected Request: .*DNS rebinding protection/);
    expect(res.body.length).toBeLessThan(300);
    expect(res.body).not.toMatch(/AccessToken|<html/i);
  });

  it('refuses a request without Host (Node answers HTTP/1.1 without Host 400 before the server sees it)', async () => {
    const res = await ask(index, null);
    expect([400, 421]).toContain(res.status);
    expect(res.body).not.toMatch(/AccessToken|<html/i);
  });

  it.each([
    ['localhost', (p: string) => `localhost:${p}`],
    ['127.0.0.1', (p: string) => `127.0.0.1:${p}`],
    ['[::1]', (p: string) => `[::1]:${p}`],
    ['LOCALHOST (host names are case-insensitive)', (p: string) => `LOCALHOST:${p}`],
    ['a configured name (allowedHosts)', (p: string) => `devbox.internal:${p}`],
  ])('answers a request for %s', async (_name, host) => {
    const res = await ask(index, host(port()));
    expect(res.status, servers()[index]![0]).not.toBe(421);
    expect(res.status).toBeLessThan(500);
  });
});

describe('host name rules', () => {
  it('reads the name of a Host header without its port, lower case', () => {
    expect(hostNameOf('LocalHost:4310')).toBe('localhost');
    expect(hostNameOf('[::1]:4310')).toBe('[::1]');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
    for (const bad of [undefined, '', 'a b', 'localhost:', 'localhost:123456', 'user@localhost', '[::1']) {
      expect(hostNameOf(bad), String(bad)).toBeUndefined();
    }
  });

  it('allows the loopback names, a specific bound address and configured names; refuses a name with a port', () => {
    expect([...allowedHostNames('127.0.0.1')].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    expect(allowedHostNames('0.0.0.0').has('0.0.0.0')).toBe(false);
    expect(allowedHostNames('::').has('[::]')).toBe(false);
    expect(allowedHostNames('192.168.1.5').has('192.168.1.5')).toBe(true);
    expect(allowedHostNames('::1').has('[::1]')).toBe(true);
    expect(allowedHostNames('127.0.0.1', ['DevBox']).has('devbox')).toBe(true);
    expect(() => allowedHostNames('127.0.0.1', ['devbox:4310'])).toThrow(/not a host name/);
    expect(() => allowedHostNames('127.0.0.1', ['http://devbox'])).toThrow(/not a host name/);
  });
});
