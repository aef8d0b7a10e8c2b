// "My files" page of the demo: temporary AWS credentials from the site's credentials route
// (GET /_edgeward/credentials, same origin, session cookies), then S3 requests signed in the browser with
// the AWS SDK's signer (@smithy/signature-v4) straight to the bucket: the identity-pool role only lets a
// user read, write and list under private/<identity id>/. Bundled by the local stack at start.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

const storage = await (await fetch('/assets/local/storage.json')).json();
let cached;

/** The identity's credentials, fetched again a minute before they expire. */
async function credentials() {
  if (cached && Date.parse(cached.expiration) - Date.now() > 60_000) return cached;
  const res = await fetch('/_edgeward/credentials', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`credentials: ${res.status}`);
  cached = await res.json();
  return cached;
}

/** Sends a signed S3 request (path style); `key` '' is the bucket (listing). */
async function s3(method, key, { body, query = {} } = {}) {
  const c = await credentials();
  const url = new URL(storage.endpoint);
  // Path style on the local S3 endpoint; virtual-hosted style on a deployed bucket's regional endpoint.
  const bucketPath = storage.forcePathStyle ? `/${storage.bucket}` : '';
  const keyPath = key === '' ? '' : `/${key.split('/').map(encodeURIComponent).join('/')}`;
  const path = `${bucketPath}${keyPath}` || '/';
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
    },
    region: storage.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const headers = body === undefined ? { host: url.host } : { host: url.host, 'content-type': 'text/plain' };
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path,
    query,
    headers,
    body,
  });
  const { host: _host, ...sent } = signed.headers;
  const qs = new URLSearchParams(query).toString();
  return fetch(`${storage.endpoint}${path}${qs === '' ? '' : `?${qs}`}`, { method, headers: sent, body });
}

const ownPrefix = async () => `${storage.userPrefix}${(await credentials()).identityId}/`;

/** Uploads `text` as `<own prefix><name>`; returns the HTTP status. */
export async function upload(name, text) {
  return (await s3('PUT', `${await ownPrefix()}${name}`, { body: text })).status;
}

/** Lists keys under `prefix` (default: the identity's own); `{status, keys}`. */
export async function list(prefix) {
  const res = await s3('GET', '', { query: { 'list-type': '2', prefix: prefix ?? (await ownPrefix()) } });
  const xml = new DOMParser().parseFromString(await res.text(), 'application/xml');
  return { status: res.status, keys: [...xml.querySelectorAll('Contents > Key')].map((k) => k.textContent) };
}

/** Reads an object; `{status, text}`. */
export async function read(key) {
  const res = await s3('GET', key);
  return { status: res.status, text: await res.text() };
}

const $ = (id) => document.getElementById(id);
const show = (id, text, ok) => {
  $(id).textContent = text;
  $(id).className = `status ${ok ? 'ok' : 'refused'}`;
};

async function refresh() {
  const { status, keys } = await list();
  const ul = $('files');
  ul.replaceChildren();
  for (const key of keys) {
    const li = document.createElement('li');
    li.textContent = key.slice(key.lastIndexOf('/') + 1);
    ul.append(li);
  }
  show(
    'list-status',
    status === 200 ? `200 — ${keys.length} file(s)` : `${status} — refused`,
    status === 200,
  );
}

async function start() {
  try {
    const c = await credentials();
    $('identity').textContent = c.identityId;
    $('prefix').textContent = await ownPrefix();
    await refresh();
  } catch (e) {
    show('list-status', String(e.message), false);
  }
  $('upload').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = await upload($('name').value, $('content').value);
    show('upload-status', status === 200 ? '200 — uploaded' : `${status} — refused`, status === 200);
    await refresh();
  });
}

window.edgewardFiles = { upload, list, read, credentials };
start();
