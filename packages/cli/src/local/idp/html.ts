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
:root{color-scheme:light dark;--bg:#f7f8fb;--card:#fff;--ink:#1d2330;--muted:#5b6475;--line:#dde1ea;--accent:#2f6fde;--on:#fff;--err:#a40e26;--errbg:#fde8ec}
@media(prefers-color-scheme:dark){:root{--bg:#11141a;--card:#1a1f29;--ink:#e7eaf0;--muted:#a4acbb;--line:#2e3542;--accent:#7eaaff;--on:#0b0e13;--err:#ffb3c0;--errbg:#3a1820}}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--ink);margin:0;padding:3rem 1rem}
main{max-width:24rem;margin:0 auto;background:var(--card);border:1px solid var(--line);padding:2rem;border-radius:.75rem;box-shadow:0 1px 3px #0000001a}
h1{font-size:1.35rem;margin-top:0}h2{font-size:1rem;margin:1.75rem 0 .5rem}label{display:block;margin:1rem 0 .3rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;font:inherit;color:inherit;background:var(--card);border:1px solid var(--muted);border-radius:.4rem}
button{margin-top:1.4rem;width:100%;padding:.65rem;font:inherit;background:var(--accent);color:var(--on);border:0;border-radius:.4rem;cursor:pointer}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.error{color:var(--err);background:var(--errbg);padding:.6rem;border-radius:.4rem}.note,.back{color:var(--muted);font-size:.9rem}
table{width:100%;border-collapse:collapse;font-size:.85rem}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid var(--line)}th{color:var(--muted);font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
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
