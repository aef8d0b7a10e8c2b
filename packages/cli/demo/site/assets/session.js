// Home page: says who is signed in. The page itself is public (no function checks it); the API behind the
// same CloudFront distribution reads the session cookie through its Lambda authorizer. Without a session
// (or without JavaScript) the page keeps its "Sign in" link.
async function showSession() {
  let res;
  try {
    res = await fetch('/api/me', { credentials: 'same-origin' });
  } catch {
    return;
  }
  if (res.status !== 200) return;
  const me = await res.json();
  const who = document.getElementById('who');
  who.replaceChildren(
    'Signed in as ',
    Object.assign(document.createElement('strong'), { textContent: me.username }),
    ` — groups: ${me.groups.join(', ') || '(none)'}.`,
  );
  // Pages without the header's session slot (the 403 page has its own sign-out link) skip it.
  const session = document.getElementById('session');
  session?.replaceChildren(
    Object.assign(document.createElement('span'), { className: 'user', textContent: me.username }),
    Object.assign(document.createElement('a'), { href: '/_edgeward/signout', textContent: 'Sign out' }),
  );
}

showSession();
