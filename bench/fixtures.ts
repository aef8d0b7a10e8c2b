/**
 * What the benchmark measures on: an RSA-2048 key, realistic Cognito-shaped tokens (an access token of
 * about 1 KB, an id token for cognito-at-edge), HS256 tokens, realistic `Cookie` headers (~4 KB and ~9 KB
 * with third-party analytics and consent cookies around edgeward's), AWS-documented event shapes, and the
 * `edgeward.config.json` the bundles are built from (`edgeward build`, baked JWKS).
 *
 * Everything is generated fresh per run (keys, tokens valid for two hours of real time: the peer
 * libraries read the wall clock) and written to one JSON file that every measuring process reads.
 *
 * @module
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';

export const REGION = 'eu-west-1';
export const USER_POOL_ID = 'eu-west-1_Bench0001';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
export const CLIENT_ID = '4b3e9c1f7a2d6e8b0c5a1f3d9e';
export const KID = 'bench-rs256-1';
export const HS_ISSUER = 'https://auth.bench.example';
export const HOST = 'd111111abcdef8.cloudfront.net';
export const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod';
export const USERNAME = 'c7a4f2e1-5d3b-4e8a-9f60-1b2c3d4e5f60';

/** Distinct access tokens in rotation for the "every call a miss" cases. */
export const DISTINCT_TOKENS = 4000;

/** Everything a measuring process needs, as JSON. */
export interface Fixtures {
  readonly publicJwk: Record<string, unknown>;
  readonly publicPem: string;
  /** Base64url HS256 secret (32 bytes). */
  readonly hsSecret: string;
  readonly accessToken: string;
  readonly idToken: string;
  readonly hsToken: string;
  /** Distinct valid access tokens (same shape, other `jti`/`event_id`/`origin_jti`). */
  readonly distinctTokens: readonly string[];
  /** A ~4 KB `Cookie` header: third-party cookies, then edgeward's access and refresh cookies. */
  readonly cookieHeader: string;
  /** A ~9 KB `Cookie` header: the same with more analytics cookies. */
  readonly bigCookieHeader: string;
  /** The `Cookie` header cognito-at-edge reads (Amplify names, id token), same third-party cookies. */
  readonly amplifyCookieHeader: string;
  /** The built bundles by function name: absolute `index.mjs` paths. */
  readonly bundles: Readonly<Record<string, string>>;
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

function signRs256(claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify({ kid: KID, alg: 'RS256' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

function signHs256(claims: Record<string, unknown>, secret: Buffer): string {
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The claims of a Cognito user pool access token as Cognito issues them (≈ 1 KB once signed). */
function accessClaims(now: number): Record<string, unknown> {
  return {
    sub: USERNAME,
    'cognito:groups': ['members', 'staff', 'reporting-readers'],
    iss: ISSUER,
    version: 2,
    client_id: CLIENT_ID,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'openid profile email aws.cognito.signin.user.admin',
    auth_time: now - 60,
    exp: now + 7200,
    iat: now - 60,
    jti: randomUUID(),
    username: USERNAME,
  };
}

function idClaims(now: number): Record<string, unknown> {
  return {
    sub: USERNAME,
    'cognito:groups': ['members', 'staff', 'eu-west-1_Bench0001_Google', 'reporting-readers'],
    email_verified: true,
    iss: ISSUER,
    'cognito:username': USERNAME,
    origin_jti: randomUUID(),
    aud: CLIENT_ID,
    event_id: randomUUID(),
    token_use: 'id',
    auth_time: now - 60,
    exp: now + 7200,
    iat: now - 60,
    jti: randomUUID(),
    email: 'maria.garcia@example.com',
  };
}

/** Third-party cookies of a typical site: analytics, consent manager, A/B testing, chat widget. */
function thirdPartyCookies(extraKb: number): string[] {
  const id = () => randomBytes(12).toString('hex');
  const cookies = [
    `_ga=GA1.1.${Date.now() % 1e9}.${Math.floor(Date.now() / 1000)}`,
    `_ga_X2Y3Z4W5V6=GS1.1.${Math.floor(Date.now() / 1000)}.12.1.1733500000.0.0.0`,
    `_gid=GA1.2.${id()}`,
    `_fbp=fb.1.${Date.now()}.${id()}`,
    `_hjSessionUser_1234567=${b64url(JSON.stringify({ id: randomUUID(), created: Date.now(), existing: true }))}`,
    `OptanonConsent=isGpcEnabled=0&datestamp=Fri+Dec+06+2026+10%3A12%3A45+GMT%2B0100&version=202409.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=${randomUUID()}&interactionCount=1&isAnonUser=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A0&AwaitingReconsent=false&geolocation=FR%3BIDF`,
    'OptanonAlertBoxClosed=2026-12-06T09:12:45.123Z',
    `ajs_anonymous_id=${randomUUID()}`,
    `intercom-id-abc123de=${randomUUID()}`,
    'intercom-device-id-abc123de=' + randomUUID(),
    `optimizelyEndUserId=oeu${Date.now()}r0.${id()}`,
    'theme=dark',
    'lang=en-GB',
  ];
  for (let i = 0; extraKb > 0 && i < extraKb * 4; i++) {
    cookies.push(
      `_dd_s_${i}=rum=2&id=${randomUUID()}&created=${Date.now()}&expire=${Date.now() + 9e5}&x=${id()}${id()}`,
    );
  }
  return cookies;
}

/** A Cognito refresh token as it looks in a cookie: a JWE (five parts) of ~1.7 KB; opaque to edgeward. */
function refreshTokenLike(): string {
  return [
    b64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' })),
    b64url(randomBytes(256)),
    b64url(randomBytes(12)),
    b64url(randomBytes(1100)),
    b64url(randomBytes(16)),
  ].join('.');
}

/** The edgeward configuration of every benchmarked function (issuers with the JWKS baked by the build). */
export function benchConfig(): Record<string, unknown> {
  const pool = (cacheSize?: number) => ({
    kind: 'cognito',
    region: REGION,
    userPoolId: USER_POOL_ID,
    clientIds: [CLIENT_ID],
    ...(cacheSize === undefined ? {} : { cacheSize }),
  });
  const site = (issuer: string, rules: unknown[]) => ({
    type: 'site',
    issuer,
    client: {
      clientId: CLIENT_ID,
      cognitoDomain: 'bench-prefix.auth.eu-west-1.amazoncognito.com',
      scopes: ['openid', 'email', 'profile'],
    },
    bearer: true,
    stateSecret: b64url(Buffer.alloc(32, 7)),
    identityHeaders: { enabled: true },
    rules: { rules, defaultAccess: 'authenticated' },
  });
  const siteRules = [
    { path: '/assets/*', access: 'public' },
    { path: '/admin/*', groups: ['admins'] },
    { path: '/reports/*', groups: ['staff', 'reporting-readers'] },
  ];
  /** `n` rules, the matching one last: `/section-<i>/*` needing group `g<i>`, then `/docs/*`. */
  const manyRules = (n: number) => [
    ...Array.from({ length: n - 1 }, (_, i) => ({ path: `/section-${i}/*`, groups: [`g${i}`] })),
    { path: '/docs/*', groups: ['members'] },
  ];
  const apiRules = {
    rules: [
      { path: '/public/*', access: 'public' },
      { resource: '/admin/{proxy+}', groups: ['admins'] },
      { resource: '/pets', methods: ['POST'], groups: ['staff'] },
      { path: '/pets/*', methods: ['PUT', 'DELETE'], groups: ['staff'] },
    ],
    defaultAccess: 'authenticated',
  };
  return {
    issuers: {
      nocache: pool(0),
      cache: pool(),
      shared: { kind: 'hs256', secret: { env: 'JWT_SECRET' }, issuer: HS_ISSUER, cacheSize: 0 },
      sharedcache: { kind: 'hs256', secret: { env: 'JWT_SECRET' }, issuer: HS_ISSUER },
    },
    functions: {
      'site-nocache': site('nocache', siteRules),
      'site-cache': site('cache', siteRules),
      'rules-1': site('cache', manyRules(1)),
      'rules-10': site('cache', manyRules(10)),
      'rules-100': site('cache', manyRules(100)),
      'rules-1000': site('cache', manyRules(1000)),
      'rest-nocache': { type: 'rest-token-authorizer', issuer: 'nocache', rules: apiRules },
      'rest-cache': { type: 'rest-token-authorizer', issuer: 'cache', rules: apiRules },
      'http-nocache': { type: 'http-authorizer', issuer: 'nocache', rules: apiRules },
      'hs256-nocache': { type: 'rest-token-authorizer', issuer: 'shared' },
      'hs256-cache': { type: 'rest-token-authorizer', issuer: 'sharedcache' },
    },
  };
}

/** Fresh keys, tokens and headers (`bundles` is filled in by the caller after the build). */
export function makeFixtures(): Omit<Fixtures, 'bundles'> & { readonly jwks: unknown } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
  const now = Math.floor(Date.now() / 1000);
  const accessToken = signRs256(accessClaims(now), privateKey);
  const idToken = signRs256(idClaims(now), privateKey);
  const distinctTokens = Array.from({ length: DISTINCT_TOKENS }, () =>
    signRs256(accessClaims(now), privateKey),
  );
  const secret = randomBytes(32);
  const hsToken = signHs256(
    {
      iss: HS_ISSUER,
      sub: 'service-reporting',
      scope: 'reports:read',
      iat: now,
      exp: now + 7200,
      jti: randomUUID(),
    },
    secret,
  );
  const refresh = refreshTokenLike();
  const own = [`edgeward.access=${accessToken}`, `edgeward.refresh=${refresh}`];
  const third = thirdPartyCookies(0);
  const amplifyBase = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  return {
    jwks: { keys: [publicJwk] },
    publicJwk,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    hsSecret: b64url(secret),
    accessToken,
    idToken,
    hsToken,
    distinctTokens,
    cookieHeader: [...third.slice(0, 7), ...own, ...third.slice(7)].join('; '),
    bigCookieHeader: [...thirdPartyCookies(7), ...own].join('; '),
    amplifyCookieHeader: [
      ...third.slice(0, 7),
      `${amplifyBase}.LastAuthUser=${USERNAME}`,
      `${amplifyBase}.${USERNAME}.idToken=${idToken}`,
      `${amplifyBase}.${USERNAME}.refreshToken=${refresh}`,
      ...third.slice(7),
    ].join('; '),
  };
}

/** A CloudFront viewer-request event ("Example viewer request" of the AWS docs) with the given parts. */
export function viewerRequest(uri: string, headers: Record<string, string>): unknown {
  const h: Record<string, { key: string; value: string }[]> = {
    host: [{ key: 'Host', value: HOST }],
    'user-agent': [
      {
        key: 'User-Agent',
        value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
      },
    ],
    'accept-language': [{ key: 'Accept-Language', value: 'en-GB,en;q=0.9' }],
  };
  for (const [name, value] of Object.entries(headers)) h[name.toLowerCase()] = [{ key: name, value }];
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: HOST,
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'viewer-request',
            requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
          },
          request: { clientIp: '203.0.113.178', headers: h, method: 'GET', querystring: '', uri },
        },
      },
    ],
  };
}

/** Navigation headers of a top-level page load (Fetch Metadata). */
export const NAVIGATION = {
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'document',
};

/** A REST API TOKEN authorizer event (AWS docs "TOKEN input"). */
export function tokenEvent(token: string, verb = 'GET', path = '/pets/42'): unknown {
  return { type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn: `${ARN}/${verb}${path}` };
}

/** An HTTP API payload 2.0 authorizer event (AWS docs), with the token in `Authorization`. */
export function httpEvent(token: string): unknown {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `${ARN}/GET/pets/42`,
    identitySource: [`Bearer ${token}`],
    routeKey: 'GET /pets/{id}',
    rawPath: '/prod/pets/42',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'bench', accept: 'application/json' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      http: {
        method: 'GET',
        path: '/prod/pets/42',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'bench',
      },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: 'GET /pets/{id}',
      stage: 'prod',
      time: '06/Dec/2026:19:03:58 +0000',
      timeEpoch: 1796583838000,
    },
    pathParameters: { id: '42' },
  };
}
