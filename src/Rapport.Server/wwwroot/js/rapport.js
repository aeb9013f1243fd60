// Rapport's few browser helpers: keyboard shortcuts, sign-out, downloads and passkeys.
window.rapport = {
  signOut: async function () {
    await fetch('/api/v1/account/logout', { method: 'POST', credentials: 'same-origin' });
    location.href = '/account/login';
  },
  // Streams a server-made file (CSV export) to the user's downloads.
  download: async function (fileName, streamRef) {
    const blob = new Blob([await streamRef.arrayBuffer()]);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url; a.download = fileName; document.body.appendChild(a); a.click(); a.remove();
    URL.revokeObjectURL(url);
  },
  focus: function (id) { const el = document.getElementById(id); if (el) el.focus(); },
  // The theme on screen, kept for a year so the next page is painted in it before the app connects (no light flash).
  theme: function (name) {
    document.cookie = 'rapport.theme=' + name + '; path=/; max-age=31536000; samesite=lax';
    document.documentElement.dataset.theme = name;
  }
};

// "/" or Ctrl+K (Cmd+K) jumps to global search, unless the user is typing somewhere already.
document.addEventListener('keydown', function (e) {
  const t = e.target;
  const typing = t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
  if ((e.key === '/' && !typing) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k')) {
    const box = document.getElementById('global-search');
    if (box) { e.preventDefault(); box.focus(); }
  }
});

// A text field with a maximum length counts characters once the text nears it, and says so when the text is at it
// (the browser silently cuts typing and pasting there). The count sits on the field's container as an attribute
// (shown by CSS), so Blazor's own rendering of the field is left alone. Texts come localized on <body>.
document.addEventListener('input', function (e) {
  const el = e.target;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !(el.maxLength > 0)) return;
  const box = el.closest('.mud-input-control') || el.parentElement;
  if (!box) return;
  const n = el.value.length, max = el.maxLength;
  if (n < max * 0.8) { box.removeAttribute('data-length'); box.classList.remove('length-full'); return; }
  const text = (n >= max ? document.body.dataset.lengthFull : document.body.dataset.lengthCount) || '{0} / {1}';
  box.setAttribute('data-length', text.replace('{0}', n).replace('{1}', max));
  box.classList.toggle('length-full', n >= max);
}, true);

// Calls Rapport's own JSON API with this browser's session cookie. Used for the account changes that renew the
// security stamp (second factor, passkeys, sign out everywhere): only an HTTP response can refresh the cookie.
rapport.api = async function (method, url, body) {
  const res = await fetch(url, {
    method: method, credentials: 'same-origin',
    headers: body === undefined || body === null ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined || body === null ? undefined : JSON.stringify(body)
  });
  return { status: res.status, body: await res.text() };
};

// WebAuthn JSON <-> ArrayBuffer for the bits the browser API wants binary.
const b64u = {
  toBuf: s => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)), c => c.charCodeAt(0)).buffer,
  fromBuf: b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
};
function credentialJson(c) {
  const r = c.response, out = { id: c.id, rawId: b64u.fromBuf(c.rawId), type: c.type, clientExtensionResults: c.getClientExtensionResults(), response: {} };
  for (const k of ['clientDataJSON', 'attestationObject', 'authenticatorData', 'signature', 'userHandle'])
    if (r[k]) out.response[k] = b64u.fromBuf(r[k]);
  if (r.getTransports) out.response.transports = r.getTransports();
  if (c.authenticatorAttachment) out.authenticatorAttachment = c.authenticatorAttachment;
  return out;
}

// Registers a passkey for the signed-in user; resolves to the HTTP status of the final call (0 if the user cancelled).
rapport.registerPasskey = async function (name) {
  const opts = await (await fetch('/api/v1/account/passkeys/options', { method: 'POST', credentials: 'same-origin' })).json();
  const o = opts.publicKey || opts;
  o.challenge = b64u.toBuf(o.challenge);
  o.user.id = b64u.toBuf(o.user.id);
  (o.excludeCredentials || []).forEach(c => c.id = b64u.toBuf(c.id));
  let cred;
  try { cred = await navigator.credentials.create({ publicKey: o }); } catch { return 0; }
  const res = await rapport.api('POST', '/api/v1/account/passkeys', { credential: credentialJson(cred), name: name });
  return res.status;
};

// Passwordless sign-in from the sign-in page.
rapport.signInWithPasskey = async function () {
  const opts = await (await fetch('/api/v1/account/login/passkey/options', { method: 'POST', credentials: 'same-origin' })).json();
  const o = opts.publicKey || opts;
  o.challenge = b64u.toBuf(o.challenge);
  (o.allowCredentials || []).forEach(c => c.id = b64u.toBuf(c.id));
  let cred;
  try { cred = await navigator.credentials.get({ publicKey: o }); } catch { return false; }
  const res = await rapport.api('POST', '/api/v1/account/login/passkey', { credential: credentialJson(cred) });
  return res.status === 200;
};

document.addEventListener('DOMContentLoaded', function () {
  // The sign-in forms carry the browser's time zone: a user who has not chosen one takes it at the first sign-in.
  for (const zone of document.querySelectorAll('input[name="timeZone"]')) {
    try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { /* no Intl: the company's zone applies */ }
  }
  const button = document.getElementById('passkey-signin');
  if (!button) return;
  if (!window.PublicKeyCredential) { button.hidden = true; return; }
  button.addEventListener('click', async function () {
    const ok = await rapport.signInWithPasskey();
    const back = new URLSearchParams(location.search).get('returnUrl') || '/';
    // Only a path on this site: never an open redirect.
    if (ok) location.href = back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/';
    else document.getElementById('passkey-error').hidden = false;
  });
});
