/* global document, window */
// Tiny inline-SVG charts (no library, no CDN): line charts over time and horizontal bars.
(function () {
  const NS = 'http://www.w3.org/2000/svg';
  const el = (name, attrs, text) => {
    const n = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const empty = (target, msg) => { target.replaceChildren(); const p = document.createElement('p'); p.className = 'muted'; p.textContent = msg || 'No data yet.'; target.append(p); };

  function line(target, points, opts) {
    if (!points.length) return empty(target);
    const W = 400, H = 170, L = 36, B = 22, T = 8, R = 8;
    const xs = points.map((p) => new Date(p.at).getTime());
    const ys = points.map((p) => p.value);
    const x0 = Math.min(...xs), x1 = Math.max(...xs) || x0 + 1;
    const lo = Math.min(0, ...ys), hi = Math.max(...ys, (opts && opts.min) || 0.0001);
    const sx = (x) => L + ((x - x0) / Math.max(x1 - x0, 1)) * (W - L - R);
    const sy = (y) => H - B - ((y - lo) / Math.max(hi - lo, 1e-9)) * (H - B - T);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': (opts && opts.label) || 'chart' });
    svg.append(el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#ccd' }));
    for (const v of [lo, (lo + hi) / 2, hi]) svg.append(el('text', { x: 2, y: sy(v) + 4, 'font-size': 10, fill: '#889' }, Number(v.toFixed(2)).toString()));
    svg.append(el('text', { x: L, y: H - 6, 'font-size': 10, fill: '#889' }, new Date(x0).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    svg.append(el('text', { x: W - R, y: H - 6, 'font-size': 10, fill: '#889', 'text-anchor': 'end' }, new Date(x1).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${sx(xs[i]).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
    svg.append(el('path', { d, fill: 'none', stroke: (opts && opts.color) || '#3b5bdb', 'stroke-width': 2 }));
    points.forEach((p, i) => svg.append(el('circle', { cx: sx(xs[i]), cy: sy(p.value), r: 3, fill: (opts && opts.color) || '#3b5bdb' }, undefined)));
    target.replaceChildren(svg);
  }

  function bars(target, items, opts) {
    if (!items.length) return empty(target);
    const W = 400, row = 22, H = items.length * row + 4, L = 130;
    const max = Math.max(...items.map((i) => i.count), 1);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': (opts && opts.label) || 'bars', style: `height:${Math.max(H, 40)}px` });
    items.forEach((it, i) => {
      const y = i * row + 2;
      svg.append(el('text', { x: L - 6, y: y + 14, 'font-size': 11, 'text-anchor': 'end', fill: '#1d2330' }, it.label));
      svg.append(el('rect', { x: L, y: y + 3, width: Math.max(2, ((W - L - 40) * it.count) / max), height: row - 8, rx: 3, fill: (opts && opts.color) || '#748ffc' }));
      svg.append(el('text', { x: L + ((W - L - 40) * it.count) / max + 6, y: y + 14, 'font-size': 11, fill: '#556' }, String(it.count)));
    });
    target.replaceChildren(svg);
  }

  window.Charts = { line, bars, empty };
})();
