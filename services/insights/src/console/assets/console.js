/* global document, fetch, location, EventSource, Charts */
// Concierge insights console: login, live dashboard, alerts and the operator inbox over one SSE stream.
(function () {
  const $ = (id) => document.getElementById(id);
  // drafts: what the operator has typed per conversation, kept while live updates redraw the conversation.
  const state = { selected: null, alerts: [], inbox: [], source: null, drafts: {} };
  const text = (tag, value, cls) => { const n = document.createElement(tag); if (cls) n.className = cls; n.textContent = value; return n; };

  async function api(path, init) {
    const res = await fetch('/console/api/' + path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error((body.error && body.error.message) || res.statusText), { status: res.status });
    return body;
  }

  async function start() {
    try {
      const s = await api('session');
      showApp(s.tenantId);
    } catch {
      $('login').hidden = false;
    }
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      const s = await api('login', { method: 'POST', body: JSON.stringify({ tenant: $('login-tenant').value, password: $('login-password').value }) });
      $('login').hidden = true;
      showApp(s.tenantId);
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    await api('logout', { method: 'POST', body: '{}' }).catch(() => undefined);
    if (state.source) state.source.close();
    location.reload();
  });

  document.querySelectorAll('button.tab').forEach((b) =>
    b.addEventListener('click', () => {
      document.querySelectorAll('button.tab').forEach((x) => x.classList.toggle('active', x === b));
      document.querySelectorAll('.tab-body').forEach((s) => (s.hidden = s.id !== 'tab-' + b.dataset.tab));
    }),
  );

  function showApp(tenantId) {
    $('app').hidden = false;
    $('tenant-name').textContent = tenantId;
    connect();
  }

  function connect() {
    const es = new EventSource('/console/api/stream');
    state.source = es;
    es.onopen = () => $('live').classList.add('on');
    es.onerror = () => $('live').classList.remove('on');
    es.addEventListener('dashboard', (e) => renderDashboard(JSON.parse(e.data)));
    es.addEventListener('alerts', (e) => renderAlerts(JSON.parse(e.data)));
    es.addEventListener('inbox', (e) => renderInbox(JSON.parse(e.data)));
  }

  const fmt = {
    secs: (v) => (v >= 90 ? (v / 60).toFixed(1) + ' min' : v.toFixed(1) + ' s'),
    pct: (v) => (v * 100).toFixed(0) + '%',
  };

  function renderDashboard(d) {
    const money = (d.revenue || []).map((r) => (Number(r.amountMinor) / 100).toFixed(2) + ' ' + r.currency).join(', ') || '0';
    const kpis = [
      ['conversations', d.conversations, 'Conversations'],
      ['frt', fmt.secs(d.firstResponseSeconds || 0), 'First response time'],
      ['ttr', fmt.secs(d.resolutionSeconds || 0), 'Time to resolution'],
      ['automation', fmt.pct(d.automationRate || 0), 'Automation rate'],
      ['handoff', fmt.pct(d.handoffRate || 0), 'Handoff rate'],
      ['csat', d.csatResponses && d.csatResponses !== '0' ? d.csat.toFixed(2) + ' / 5' : '—', 'CSAT (' + (d.csatResponses || 0) + ' answers)'],
      ['sentiment', (d.sentiment || 0).toFixed(2), 'Sentiment'],
      ['outreach', d.outreachConverted + ' / ' + d.outreachSent, 'Outreach → orders'],
      ['revenue', money, 'Revenue through chat'],
    ];
    $('kpis').replaceChildren(...kpis.map(([id, v, l]) => { const k = document.createElement('div'); k.className = 'kpi'; k.id = 'kpi-' + id; k.append(text('div', String(v), 'v'), text('div', l, 'l')); return k; }));
    const series = (name) => d.series.filter((p) => p.name === name);
    Charts.line($('chart-conversations'), series('conversations'), { label: 'conversations' });
    Charts.line($('chart-frt'), series('first_response_seconds'), { label: 'first response', color: '#e8590c' });
    Charts.line($('chart-sentiment'), series('sentiment'), { label: 'sentiment', color: '#2b8a3e' });
    Charts.bars($('chart-barriers'), (d.topBarriers || []).map((t) => ({ label: t.topic.replace(/_/g, ' '), count: Number(t.count) })), { color: '#f76707' });
    Charts.bars($('chart-topics'), (d.topTopics || []).map((t) => ({ label: t.topic.replace(/_/g, ' '), count: Number(t.count) })));
    Charts.bars($('chart-styles'), (d.decisionStyles || []).map((t) => ({ label: t.topic, count: Number(t.count) })), { color: '#12b886' });
    const cloud = (d.cloud && d.cloud.phrases) || [];
    const max = Math.max(1, ...cloud.map((p) => Number(p.count)));
    $('cloud').replaceChildren(...(cloud.length ? cloud.map((p) => {
      const s = text('span', p.topic + (p.trend > 0.5 ? ' ↑' : ''), p.trend > 0.5 ? 'up' : '');
      s.style.fontSize = 12 + (18 * Number(p.count)) / max + 'px';
      s.title = p.count + ' mentions, previous window ' + p.previousCount;
      return s;
    }) : [text('p', 'No phrases yet.', 'muted')]));
  }

  function renderAlerts(alerts) {
    state.alerts = alerts;
    const open = alerts.filter((a) => !a.acknowledged).length;
    $('alert-badge').hidden = !open;
    $('alert-badge').textContent = open;
    if (!alerts.length) return $('alerts').replaceChildren(text('p', 'No alerts.', 'muted'));
    $('alerts').replaceChildren(...alerts.map((a) => {
      const card = document.createElement('article');
      card.className = 'card alert' + (a.acknowledged ? ' ack' : '');
      card.id = 'alert-' + a.alertId;
      card.dataset.subject = a.subject;
      card.append(text('h3', a.title), text('div', a.evidence[0] + ' · ' + new Date(a.raisedAt).toLocaleString() + ' · webhook ' + a.webhookStatus, 'muted'));
      for (const q of a.evidence.slice(1)) card.append(text('blockquote', q));
      card.append(text('div', 'Suggested action: ' + a.suggestedAction, 'action'));
      if (!a.acknowledged) {
        const b = text('button', 'Acknowledge', 'secondary');
        b.addEventListener('click', () => api('alerts/' + a.alertId + '/ack', { method: 'POST', body: '{}' }));
        card.append(b);
      }
      return card;
    }));
  }

  function renderInbox(inbox) {
    state.inbox = inbox.conversations || [];
    const waiting = state.inbox.filter((c) => c.mode === 'handoff_requested').length;
    $('inbox-badge').hidden = !waiting;
    $('inbox-badge').textContent = waiting;
    if (inbox.error) $('queue').replaceChildren(text('li', 'Inbox unavailable: ' + inbox.error, 'muted'));
    else $('queue').replaceChildren(...state.inbox.map((c) => {
      const li = document.createElement('li');
      li.dataset.id = c.conversationId;
      li.className = c.conversationId === state.selected ? 'selected' : '';
      li.append(text('span', c.mode.replace('_', ' '), 'mode ' + c.mode), text('div', c.customer), text('div', c.summary || c.handoffReason || '', 'muted'));
      li.addEventListener('click', () => { state.selected = c.conversationId; renderInbox(inbox); openConversation(); });
      return li;
    }));
    if (state.selected) openConversation();
  }

  async function openConversation() {
    const id = state.selected;
    const c = await api('conversations/' + encodeURIComponent(id)).catch((err) => ({ error: err.message }));
    if (id !== state.selected) return;
    const box = $('conversation');
    if (c.error) return box.replaceChildren(text('p', c.error, 'error'));
    const head = document.createElement('div');
    head.append(text('span', c.mode.replace('_', ' '), 'mode ' + c.mode), text('strong', ' ' + c.customer));
    const facts = document.createElement('div');
    facts.className = 'facts';
    facts.append(text('span', 'Mood: ' + (c.mood || '—')), text('span', 'Style: ' + (c.decisionStyle || '—')), text('span', 'Frustration: ' + (c.frustration || 0).toFixed(2)));
    const summary = text('p', c.summary || 'No summary yet.', 'summary');
    const turns = document.createElement('div');
    turns.className = 'turns';
    turns.id = 'turns';
    for (const t of c.turns || []) turns.append(text('div', t.text, 'turn ' + t.role));
    const form = document.createElement('form');
    form.className = 'reply';
    const input = document.createElement('input');
    input.id = 'reply-text';
    input.placeholder = 'Reply as operator…';
    const hadFocus = document.activeElement && document.activeElement.id === 'reply-text';
    input.value = id in state.drafts ? state.drafts[id] : c.suggestedReply && c.mode !== 'ai' ? c.suggestedReply : '';
    input.addEventListener('input', () => { state.drafts[id] = input.value; });
    const send = text('button', 'Send', '');
    send.type = 'submit';
    send.id = 'reply-send';
    const take = text('button', 'Take over', 'secondary');
    take.type = 'button';
    take.id = 'takeover';
    take.disabled = c.mode !== 'ai' && c.mode !== 'handoff_requested';
    const release = text('button', 'Release to assistant', 'secondary');
    release.type = 'button';
    release.id = 'release';
    release.disabled = c.mode === 'ai' || c.mode === 'closed';
    form.append(input, send, take, release);
    const status = text('p', '', 'error');
    status.id = 'conversation-status';
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      const reply = input.value;
      try { await api('conversations/' + id + '/reply', { method: 'POST', body: JSON.stringify({ text: reply }) }); if (state.drafts[id] === reply) delete state.drafts[id]; input.value = ''; openConversation(); } catch (err) { status.textContent = err.message; }
    });
    take.addEventListener('click', async () => { try { await api('conversations/' + id + '/takeover', { method: 'POST', body: '{}' }); openConversation(); } catch (err) { status.textContent = err.message; } });
    release.addEventListener('click', async () => { try { await api('conversations/' + id + '/release', { method: 'POST', body: '{}' }); openConversation(); } catch (err) { status.textContent = err.message; } });
    box.dataset.mode = c.mode;
    box.replaceChildren(head, facts, summary, turns, form, status);
    if (hadFocus) input.focus();
  }

  start();
})();
