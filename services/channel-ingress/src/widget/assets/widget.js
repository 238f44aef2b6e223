/* Concierge web widget: drop <script src=".../widget.js" data-channel="..."> into any page. No build step. */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-channel]');
  if (!script) return;
  var channel = script.getAttribute('data-channel');
  var base = new URL(script.src, location.href).origin;
  var store = window.localStorage;
  var prefix = 'concierge:' + channel + ':';

  function randomId() {
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var visitorId = store.getItem(prefix + 'visitor') || randomId();
  store.setItem(prefix + 'visitor', visitorId);

  var css = '.cg-bubble{position:fixed;right:24px;bottom:24px;width:56px;height:56px;border-radius:50%;background:#2d6cdf;color:#fff;border:0;cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 12px rgba(0,0,0,.25);z-index:2147483000}.cg-bubble.cg-unread::after{content:"";position:absolute;top:6px;right:6px;width:12px;height:12px;border-radius:50%;background:#e5484d;border:2px solid #fff}' +
    '.cg-panel{position:fixed;right:24px;bottom:92px;width:340px;max-height:480px;display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.25);font:14px system-ui,sans-serif;z-index:2147483000;overflow:hidden}' +
    '.cg-panel.cg-open{display:flex}.cg-head{background:#2d6cdf;color:#fff;padding:12px 16px;font-weight:600}' +
    '.cg-list{flex:1;overflow-y:auto;padding:12px;min-height:240px}.cg-msg{margin:6px 0;padding:8px 12px;border-radius:12px;max-width:80%;white-space:pre-wrap;word-wrap:break-word}' +
    '.cg-me{background:#2d6cdf;color:#fff;margin-left:auto}.cg-bot{background:#f0f2f5;color:#111}.cg-typing{color:#888;font-style:italic;padding:0 12px 6px}' +
    '.cg-quick{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}.cg-quick button{border:1px solid #2d6cdf;background:#fff;color:#2d6cdf;border-radius:14px;padding:4px 10px;cursor:pointer}' +
    '.cg-form{display:flex;border-top:1px solid #eee}.cg-form input{flex:1;border:0;padding:12px;font:inherit;outline:none}.cg-form button{border:0;background:none;color:#2d6cdf;font-weight:600;padding:0 16px;cursor:pointer}';
  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var ICON = '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';
  var bubble = el('button', 'cg-bubble');
  bubble.innerHTML = ICON;
  bubble.setAttribute('aria-label', 'Chat with us');
  var panel = el('div', 'cg-panel');
  var head = el('div', 'cg-head', 'Chat with us');
  var list = el('div', 'cg-list');
  list.setAttribute('aria-live', 'polite');
  var typing = el('div', 'cg-typing', '');
  var quick = el('div', 'cg-quick');
  var form = el('form', 'cg-form');
  var input = el('input');
  input.placeholder = 'Type a message…';
  input.setAttribute('aria-label', 'Message');
  var send = el('button', '', 'Send');
  send.type = 'submit';
  form.appendChild(input);
  form.appendChild(send);
  [head, list, typing, quick, form].forEach(function (n) { panel.appendChild(n); });
  document.body.appendChild(panel);
  document.body.appendChild(bubble);
  bubble.onclick = function () { panel.classList.toggle('cg-open'); if (panel.classList.contains('cg-open')) input.focus(); };

  var history = JSON.parse(store.getItem(prefix + 'history') || '[]');
  history.forEach(function (m) { render(m.text, m.mine); });

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function render(text, mine) {
    list.appendChild(el('div', 'cg-msg ' + (mine ? 'cg-me' : 'cg-bot'), text));
    list.scrollTop = list.scrollHeight;
  }
  function remember(text, mine) {
    history.push({ text: text, mine: mine });
    store.setItem(prefix + 'history', JSON.stringify(history.slice(-100)));
    render(text, mine);
  }
  function showQuick(replies) {
    quick.innerHTML = '';
    (replies || []).forEach(function (q) {
      var b = el('button', '', q.label);
      b.type = 'button';
      b.onclick = function () { submit(q.label); };
      quick.appendChild(b);
    });
  }
  function submit(text) {
    text = (text || '').trim();
    if (!text) return;
    remember(text, true);
    showQuick([]);
    typing.textContent = 'Assistant is typing…';
    fetch(base + '/v1/widget/' + encodeURIComponent(channel) + '/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: visitorId, text: text, clientMessageId: randomId(), locale: navigator.language || '' })
    }).then(function (r) {
      if (!r.ok) return r.json().then(function (e) { throw new Error(e.error && e.error.message || r.statusText); });
    }).catch(function (e) { typing.textContent = 'Could not send: ' + e.message; });
  }
  form.onsubmit = function (e) { e.preventDefault(); var t = input.value; input.value = ''; submit(t); };

  function connect() {
    var last = store.getItem(prefix + 'lastEventId') || '0';
    var url = base + '/v1/widget/' + encodeURIComponent(channel) + '/stream?visitorId=' + encodeURIComponent(visitorId) + '&lastEventId=' + last;
    var source = new EventSource(url);
    source.addEventListener('message', function (e) {
      var data = JSON.parse(e.data);
      store.setItem(prefix + 'lastEventId', e.lastEventId || data.id);
      typing.textContent = '';
      remember(data.text, false);
      showQuick(data.quickReplies);
      if (!panel.classList.contains('cg-open')) bubble.classList.add('cg-unread');
    });
    source.onerror = function () { /* EventSource reconnects by itself, resuming after Last-Event-ID */ };
  }
  bubble.addEventListener('click', function () { bubble.classList.remove('cg-unread'); });
  connect();
  window.Concierge = { send: submit, visitorId: visitorId };
})();
