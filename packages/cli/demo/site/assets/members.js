// Members page: calls the API behind the same CloudFront distribution. The session cookies travel with
// the request (same origin); the API's Lambda authorizer verifies the access token they carry.
const show = (id, text, ok) => {
  const el = document.getElementById(id);
  el.textContent = text;
  el.className = `status ${ok ? 'ok' : 'refused'}`;
};

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

async function loadMe() {
  const { status, json } = await call('GET', '/api/me');
  if (status === 200) show('me', `${json.username} — groups: ${json.groups.join(', ') || '(none)'}`, true);
  else show('me', `${status} — refused`, false);
}

async function loadPets() {
  const { status, json } = await call('GET', '/api/pets');
  const list = document.getElementById('pets');
  list.replaceChildren();
  if (status !== 200) {
    show('pets-status', `${status} — refused`, false);
    return;
  }
  for (const pet of json.pets) {
    const li = document.createElement('li');
    li.textContent = `${pet.name} (${pet.type})`;
    list.append(li);
  }
  show('pets-status', `200 — ${json.pets.length} pets`, true);
}

document.getElementById('add-pet').addEventListener('click', async () => {
  const { status } = await call('POST', '/api/pets', { name: 'Biscuit', type: 'dog' });
  if (status === 201) {
    show('add-status', '201 — pet added', true);
    await loadPets();
  } else show('add-status', `${status} — refused: admins only`, false);
});

loadMe();
loadPets();
