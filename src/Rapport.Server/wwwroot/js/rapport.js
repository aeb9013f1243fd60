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
  focus: function (id) { const el = document.getElementById(id); if (el) el.focus(); }
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
