/**
 * The few HTML pages the local identity provider renders (login form, errors): no scripts, escaped values.
 *
 * @module
 */

/** A minimal HTML page; every interpolated value is escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:3rem 1rem}
main{max-width:22rem;margin:0 auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:1rem 0 .3rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #8a8f98;border-radius:4px}
button{margin-top:1.4rem;width:100%;padding:.65rem;font-size:1rem;background:#0b5cad;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a40e26;background:#fde8ec;padding:.6rem;border-radius:4px}.note{color:#555;font-size:.85rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Escapes `&<>"'` for HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
