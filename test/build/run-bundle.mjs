// Loads a built bundle in a fresh Node process the way the Lambda runtime does (import the module, call
// `handler(event, context)`), with the clock pinned to EDGEWARD_TEST_NOW_MS before the bundle loads.
// Usage: node run-bundle.mjs <bundle.mjs>   (event JSON on stdin; prints {ok, result} or {ok:false, error}).
// The environment sets the clock (EDGEWARD_TEST_NOW_MS) and, optionally, the JWKS fetches get
// (EDGEWARD_TEST_JWKS).
const now = Number(process.env.EDGEWARD_TEST_NOW_MS);
if (Number.isFinite(now)) Date.now = () => now;
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
// Lambda writes handler logs to CloudWatch; keep stdout for the result only.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => process.stderr.write(chunk, ...rest);
// EDGEWARD_TEST_JWKS: every fetch answers this JWKS document (a key rotated in after the build).
if (process.env.EDGEWARD_TEST_JWKS) {
  const jwks = process.env.EDGEWARD_TEST_JWKS;
  globalThis.fetch = async () =>
    new Response(jwks, { status: 200, headers: { 'content-type': 'application/json' } });
}
const { handler } = await import(process.argv[2]);
try {
  const result = await handler(event, { functionName: 'edgeward-test', awsRequestId: 'test' });
  write(JSON.stringify({ ok: true, result }));
} catch (e) {
  write(JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) }));
}
