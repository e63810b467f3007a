// The crash banner. Plain JavaScript, loaded before the app, so it still works when the
// WebAssembly instance is dead: Rust panics call window.spreadlabCrash from the panic hook,
// and traps that bypass the hook (out of memory, `unreachable`) reach the error listeners.
(function () {
  'use strict';
  var shown = false;

  function link(text, href, id) {
    var a = document.createElement('a');
    a.textContent = text;
    a.href = href;
    a.id = id;
    return a;
  }

  function crash(message) {
    if (shown) return;
    shown = true;
    var el = document.getElementById('panic-banner');
    if (!el) return;
    var text = String(message || 'unknown error');
    if (text.length > 300) text = text.slice(0, 300) + '…';
    el.textContent = 'spreadlab hit an internal error and stopped: ' + text + '. ';
    // A query that changes forces a real reload; the hash holds the last settings that ran.
    var base = location.pathname + '?reload=' + Date.now();
    el.appendChild(link('Reload with the last good settings', base + location.hash, 'panic-reload'));
    el.appendChild(document.createTextNode(' · '));
    el.appendChild(link('Reload with defaults', base, 'panic-reload-defaults'));
    el.hidden = false;
  }

  function isTrap(err) {
    if (!err) return false;
    var name = err.name || '';
    var msg = String(err.message || err);
    return name === 'RuntimeError' || /unreachable|out of memory|memory access out of bounds/i.test(msg);
  }

  window.spreadlabCrash = crash;
  window.addEventListener('error', function (e) {
    if (isTrap(e.error) || isTrap(e.message)) crash(e.error ? e.error.message || e.error : e.message);
  });
  window.addEventListener('unhandledrejection', function (e) {
    if (isTrap(e.reason)) crash(e.reason.message || e.reason);
  });
})();
