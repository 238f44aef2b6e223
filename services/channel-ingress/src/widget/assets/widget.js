/* Concierge web widget: drop <script src=".../widget.js" data-channel="..."> into any page. No build step. */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-channel]');
  if (!script) return;
  var channel = script.getAttribute('data-channel');
  var base = new URL(script.src, location.href).origin;
  var prefix = 'concierge:' + channel + ':';
  // localStorage when the browser allows it, else a first-party cookie (Safari private mode, blocked storage).
  var store = (function () {
    try { window.localStorage.setItem(prefix + 't', '1'); window.localStorage.removeItem(prefix + 't'); return window.localStorage; } catch (e) { /* fall through */ }
    var mem = {};
    return {
      getItem: function (k) {
        if (k in mem) return mem[k];
        var m = document.cookie.match(new RegExp('(?:^|; )' + encodeURIComponent(k).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '=([^;]*)'));
        return m ? decodeURIComponent(m[1]) : null;
      },
      setItem: function (k, v) {
        mem[k] = v;
        if (/visitor|lastEventId|identity/.test(k)) document.cookie = encodeURIComponent(k) + '=' + encodeURIComponent(v) + '; path=/; max-age=31536000; SameSite=Lax';
      }
    };
  })();

  function randomId() {
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var visitorId = store.getItem(prefix + 'visitor') || ('v' + randomId());
  store.setItem(prefix + 'visitor', visitorId);

  var css = '.cg-bubble{position:fixed;right:24px;bottom:24px;width:56px;height:56px;border-radius:50%;background:#2d6cdf;color:#fff;border:0;cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 12px rgba(0,0,0,.25);z-index:2147483000}.cg-bubble.cg-unread::after{content:"";position:absolute;top:6px;right:6px;width:12px;height:12px;border-radius:50%;background:#e5484d;border:2px solid #fff}' +
    '.cg-panel{position:fixed;right:24px;bottom:92px;width:340px;max-height:480px;display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.25);font:14px system-ui,sans-serif;z-index:2147483000;overflow:hidden}' +
    '.cg-panel.cg-open{display:flex}.cg-head{background:#2d6cdf;color:#fff;padding:12px 16px;font-weight:600}' +
    '.cg-list{flex:1;overflow-y:auto;padding:12px;min-height:240px}.cg-msg{margin:6px 0;padding:8px 12px;border-radius:12px;max-width:80%;white-space:pre-wrap;word-wrap:break-word}' +
    '.cg-me{background:#2d6cdf;color:#fff;margin-left:auto}.cg-bot{background:#f0f2f5;color:#111}.cg-typing{color:#888;font-style:italic;padding:0 12px 6px}' +
    '.cg-quick{display:flex;flex-wrap:wrap;gap:6px;padding:0 12px 8px}.cg-quick button{border:1px solid #2d6cdf;background:#fff;color:#2d6cdf;border-radius:14px;padding:4px 10px;cursor:pointer}' +
    '.cg-img{max-width:100%;border-radius:8px;display:block}.cg-attach{border:0;background:none;color:#2d6cdf;cursor:pointer;padding:0 0 0 12px;font-size:18px}' +
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
  var attach = el('button', 'cg-attach', '📎');
  attach.type = 'button';
  attach.setAttribute('aria-label', 'Send an image');
  var file = el('input');
  file.type = 'file';
  file.accept = 'image/png,image/jpeg,image/gif,image/webp';
  file.style.display = 'none';
  attach.onclick = function () { file.click(); };
  form.appendChild(attach);
  form.appendChild(file);
  form.appendChild(input);
  form.appendChild(send);
  [head, list, typing, quick, form].forEach(function (n) { panel.appendChild(n); });
  document.body.appendChild(panel);
  document.body.appendChild(bubble);
  bubble.onclick = function () { panel.classList.toggle('cg-open'); if (panel.classList.contains('cg-open')) input.focus(); };

  var history = JSON.parse(store.getItem(prefix + 'history') || '[]');
  history.forEach(function (m) { render(m.text, m.mine, m.image); });

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  function render(text, mine, image) {
    var node = el('div', 'cg-msg ' + (mine ? 'cg-me' : 'cg-bot'), text);
    if (image && /^(https?:|data:image\/|\/)/.test(image)) {
      var img = el('img', 'cg-img');
      img.src = image;
      img.alt = '';
      node.appendChild(img);
    }
    list.appendChild(node);
    list.scrollTop = list.scrollHeight;
  }
  function remember(text, mine, image) {
    history.push({ text: text, mine: mine, image: image && image.length < 2048 ? image : undefined });
    try { store.setItem(prefix + 'history', JSON.stringify(history.slice(-100))); } catch (e) { /* storage full */ }
    render(text, mine, image);
  }

  // Typing signals (how the customer composed the message) travel to the agent as affect hints.
  var typingStats = null;
  function resetTyping() { typingStats = null; }
  input.addEventListener('keydown', function (e) {
    var now = Date.now();
    if (!typingStats) typingStats = { first: now, last: now, longestPause: 0, deletions: 0 };
    typingStats.longestPause = Math.max(typingStats.longestPause, now - typingStats.last);
    typingStats.last = now;
    if (e.key === 'Backspace' || e.key === 'Delete') typingStats.deletions++;
  });
  var abandoned = 0;
  input.addEventListener('blur', function () { if (input.value === '' && typingStats) { abandoned++; resetTyping(); } });
  function typingSignals() {
    if (!typingStats) return undefined;
    var now = Date.now();
    return {
      composeSeconds: (now - typingStats.first) / 1000,
      longestPauseSeconds: Math.max(typingStats.longestPause, now - typingStats.last) / 1000,
      deletions: typingStats.deletions,
      abandonedDrafts: abandoned
    };
  }
  function identity() {
    try { return JSON.parse(store.getItem(prefix + 'identity') || 'null') || undefined; } catch (e) { return undefined; }
  }
  function post(path, body) {
    return fetch(base + '/v1/widget/' + encodeURIComponent(channel) + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.error && j.error.message || r.statusText);
        return j;
      });
    });
  }
  function showQuick(replies) {
    quick.innerHTML = '';
    (replies || []).forEach(function (q) {
      var b = el('button', '', q.label);
      b.type = 'button';
      b.onclick = function () { submit(q.label, q.payload); };
      quick.appendChild(b);
    });
  }
  function submit(text, buttonPayload, image) {
    text = (text || '').trim();
    if (!text && !image) return;
    remember(text, true, image && image.preview);
    showQuick([]);
    var body = { visitorId: visitorId, text: text, clientMessageId: randomId(), locale: navigator.language || '', page: location.pathname, typing: typingSignals(), identity: identity() };
    if (buttonPayload) body.buttonPayload = buttonPayload;
    if (image) body.image = { mimeType: image.mimeType, fileName: image.fileName, dataBase64: image.dataBase64 };
    resetTyping();
    abandoned = 0;
    // The same clientMessageId on a retry keeps the message exactly-once.
    var attempt = function (n) {
      return post('/messages', body).catch(function (e) {
        if (n < 3 && /fetch|network/i.test(e.message)) return new Promise(function (r) { setTimeout(r, 1000 * n); }).then(function () { return attempt(n + 1); });
        throw e;
      });
    };
    attempt(1).catch(function (e) { typing.textContent = 'Could not send: ' + e.message; });
  }
  file.onchange = function () {
    var f = file.files && file.files[0];
    file.value = '';
    if (!f) return;
    if (f.size > 5 * 1024 * 1024) { typing.textContent = 'Images up to 5 MB'; return; }
    var reader = new FileReader();
    reader.onload = function () {
      var dataUrl = String(reader.result);
      submit(input.value, undefined, { mimeType: f.type, fileName: f.name, dataBase64: dataUrl.split(',')[1], preview: dataUrl.length < 2048 ? dataUrl : '' });
      input.value = '';
    };
    reader.readAsDataURL(f);
  };
  form.onsubmit = function (e) { e.preventDefault(); var t = input.value; input.value = ''; submit(t); };

  function connect() {
    var last = store.getItem(prefix + 'lastEventId') || '0';
    var url = base + '/v1/widget/' + encodeURIComponent(channel) + '/stream?typing=1&visitorId=' + encodeURIComponent(visitorId) + '&lastEventId=' + last;
    var source = new EventSource(url);
    source.addEventListener('message', function (e) {
      var data = JSON.parse(e.data);
      store.setItem(prefix + 'lastEventId', e.lastEventId || data.id);
      typing.textContent = '';
      var img = (data.attachments || []).filter(function (a) { return /^image\//.test(a.mimeType) || a.kind === 'image'; })[0];
      remember(data.text, false, img && img.url);
      showQuick(data.quickReplies);
      if (!panel.classList.contains('cg-open')) bubble.classList.add('cg-unread');
    });
    source.addEventListener('typing', function () { typing.textContent = 'Assistant is typing…'; });
    source.onerror = function () { /* EventSource reconnects by itself, resuming after Last-Event-ID */ };
  }
  bubble.addEventListener('click', function () { bubble.classList.remove('cg-unread'); });
  connect();
  window.Concierge = {
    send: function (text) { submit(text); },
    visitorId: function () { return visitorId; },
    /** Links this visitor to a known customer; pass `signature` from your server to make it verified. */
    identify: function (who) {
      who = who || {};
      var data = { email: who.email || '', phone: who.phone || '', crmId: who.crmId || '', name: who.name || '', signature: who.signature || '' };
      store.setItem(prefix + 'identity', JSON.stringify(data));
      return post('/identify', Object.assign({ visitorId: visitorId }, data));
    }
  };
})();
