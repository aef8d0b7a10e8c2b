/**
 * The demo's pets API: one Lambda proxy integration behind the REST API (payload 1.0, cookie session via
 * CloudFront) and the HTTP API (payload 2.0, Bearer token). Authorization is decided by the Lambda
 * authorizers before this code runs; it only reads the identity they pass in `requestContext.authorizer`.
 *
 * Routes: GET /api/me, GET /api/pets, POST /api/pets (the authorizer rules restrict POST to admins).
 */

const pets = [
  { id: 1, name: 'Rex', type: 'dog' },
  { id: 2, name: 'Tom', type: 'cat' },
  { id: 3, name: 'Nemo', type: 'fish' },
];

/** Method, path and authorizer context for payload 1.0 (REST) and 2.0 (HTTP API) events. */
function describe(event) {
  if (event.version === '2.0') {
    return {
      method: event.requestContext.http.method,
      path: event.rawPath,
      identity: event.requestContext.authorizer?.lambda ?? {},
    };
  }
  return { method: event.httpMethod, path: event.path, identity: event.requestContext.authorizer ?? {} };
}

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** @param {any} event */
export async function handler(event) {
  const { method, path, identity } = describe(event);
  const groups = String(identity.groups ?? '')
    .split(',')
    .filter(Boolean);
  if (path === '/api/me' && method === 'GET') {
    return json(200, { username: identity.username ?? null, sub: identity.sub ?? null, groups });
  }
  if (path === '/api/pets' && method === 'GET') return json(200, { pets });
  if (path === '/api/pets' && method === 'POST') {
    let input = {};
    try {
      input = JSON.parse(event.body ?? '{}');
    } catch {
      return json(400, { message: 'body must be JSON' });
    }
    const pet = {
      id: pets.length + 1,
      name: String(input.name ?? 'Unnamed').slice(0, 40),
      type: String(input.type ?? 'pet').slice(0, 20),
    };
    pets.push(pet);
    return json(201, pet);
  }
  return json(404, { message: 'Not Found' });
}
