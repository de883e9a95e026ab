// Metrics over a chosen range, as inline SVG charts with axes: turns, time to first chunk (p50 and p95), run error
// rate; and the run queue's dead letters, which an admin can send back to the queue.
import { api } from '../api.js';
import { h, badge } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 900, H = 200, LEFT = 80, RIGHT = 16, TOP = 12, BOTTOM = 30;
const RANGES = [['1h', 'Last hour', 'minute'], ['6h', 'Last 6 hours', '5 minutes'], ['24h', 'Last 24 hours', '15 minutes'], ['7d', 'Last 7 days', 'hour']];
const AXIS = '#687083';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// 1, 2 or 5 times a power of ten at or above v, so the y axis ends on a round value
function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v);
}

function tickLabel(t, bucketSeconds) {
  const d = new Date(t);
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
  return bucketSeconds >= 3600 ? `${d.toLocaleDateString([], { weekday: 'short' })} ${hm}` : hm;
}

/**
 * A chart with a time x axis and a value y axis; series are bars or lines over the buckets. Each value has a title
 * (hover); the same values are in a table under the chart (keyboard and screen readers).
 */
function chart({ title, unit, buckets, bucketSeconds, series, format }) {
  const n = buckets.length;
  const values = series.flatMap((se) => buckets.map(se.value)).filter((v) => v !== null);
  const max = niceMax(Math.max(0, ...values));
  const plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
  const slot = plotW / n;
  const x = (i) => LEFT + slot * i + slot / 2;
  const y = (v) => TOP + plotH - (plotH * v) / max;
  const at = (b) => tickLabel(b.start, bucketSeconds);
  const yAxis = [0, max / 2, max].map((v) => [
    s('line', { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), stroke: '#eef0f4' }),
    s('text', { x: LEFT - 6, y: y(v) + 4, 'font-size': 11, fill: AXIS, 'text-anchor': 'end' }, format(v))]).flat();
  const step = Math.max(1, Math.ceil(n / 6));
  const xAxis = buckets.map((b, i) => (i % step === 0 || i === n - 1) && (n - 1 - i >= step / 2 || i === n - 1) ? [
    s('line', { x1: x(i), x2: x(i), y1: TOP + plotH, y2: TOP + plotH + 4, stroke: AXIS }),
    s('text', { x: x(i), y: H - 8, 'font-size': 11, fill: AXIS, 'text-anchor': i === n - 1 ? 'end' : 'middle' }, at(b))] : []).flat();
  const marks = series.flatMap((se) => {
    if (se.kind === 'bar') {
      return buckets.map((b, i) => {
        const v = se.value(b);
        return v === null ? null : s('rect', { x: x(i) - Math.max(1, slot * 0.35), y: y(v), width: Math.max(2, slot * 0.7),
          height: Math.max(0, TOP + plotH - y(v)), fill: se.color }, s('title', {}, `${at(b)}: ${format(v)}`));
      }).filter(Boolean);
    }
    const pts = buckets.map((b, i) => [i, se.value(b)]).filter(([, v]) => v !== null);
    return [s('polyline', { points: pts.map(([i, v]) => `${x(i)},${y(v)}`).join(' '), fill: 'none', stroke: se.color,
      'stroke-width': 2, 'stroke-dasharray': se.dash ?? '' }),
    ...pts.map(([i, v]) => s('circle', { cx: x(i), cy: y(v), r: 3, fill: se.color }, s('title', {}, `${at(buckets[i])}: ${se.name} ${format(v)}`)))];
  });
  const legend = series.length > 1 ? h('p', { class: 'legend' }, series.map((se) => h('span', {},
    h('span', { class: 'swatch', style: `background:${se.color}` }), se.name))) : '';
  const filled = buckets.filter((b) => series.some((se) => se.value(b) !== null));
  return h('div', { class: 'card chart', style: 'margin-bottom:12px' },
    h('h2', {}, title, ' ', h('span', { class: 'muted' }, values.length ? `max ${format(Math.max(...values))}` : 'no data in this range')),
    legend,
    s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': `${title}, ${unit}` },
      ...yAxis, ...xAxis,
      s('line', { x1: LEFT, y1: TOP + plotH, x2: W - RIGHT, y2: TOP + plotH, stroke: AXIS }),
      s('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotH, stroke: AXIS }),
      s('text', { x: 12, y: TOP + plotH / 2, 'font-size': 11, fill: AXIS, transform: `rotate(-90 12 ${TOP + plotH / 2})`, 'text-anchor': 'middle' }, unit),
      ...marks),
    h('details', { class: 'data' }, h('summary', {}, `${title}: values (${filled.length} of ${n} buckets have data)`),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'From'), series.map((se) => h('th', {}, se.name)))),
        h('tbody', {}, filled.map((b) => h('tr', {}, h('td', {}, at(b)),
          series.map((se) => h('td', {}, se.value(b) === null ? '—' : format(se.value(b))))))))));
}

async function deadRuns(me) {
  const admin = me?.role === 'parley-admin';
  const body = h('tbody', { id: 'dead-runs' });
  const error = h('p', { class: 'error', role: 'alert' });
  async function load() {
    const { items, limit } = await api('/dead-runs');
    body.replaceChildren(...(items.length ? items.map((d) => h('tr', {},
      h('td', {}, h('code', {}, d.messageId)), h('td', {}, new Date(d.sentAt).toLocaleString()), h('td', {}, d.deliveries),
      h('td', {}, d.runId ? h('a', { href: `#/sessions/${d.sessionId}` }, d.runId) : h('span', { class: 'muted' }, d.note)),
      h('td', {}, badge(d.runStatus)),
      h('td', {}, h('button', { type: 'button', disabled: !admin || !d.runId, title: admin ? '' : 'needs parley-admin',
        onclick: async () => {
          error.textContent = '';
          try {
            await api(`/dead-runs/${encodeURIComponent(d.messageId)}/requeue`, { method: 'POST', body: {} });
          } catch (e) {
            error.textContent = e.message;
          }
          await load();
        } }, 'Requeue')))) : [h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'none'))]));
    if (items.length === limit) body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, `the first ${limit}`)));
  }
  await load();
  return h('div', { class: 'card' }, h('h2', {}, 'Dead-lettered runs'),
    h('p', { class: 'muted' }, 'Run messages every delivery of which failed (parley.runs.dead). Requeue sends the run back to the run queue; a run that moved on since is left alone.'),
    error, h('table', {}, h('thead', {}, h('tr', {}, ['Message', 'Sent', 'Deliveries', 'Run', 'Run state', ''].map((t) => h('th', {}, t)))), body));
}

export async function metricsView(me, q = new URLSearchParams()) {
  const range = RANGES.find(([r]) => r === q.get('range')) ?? RANGES[0];
  const { buckets, bucketSeconds } = await api(`/metrics?range=${range[0]}`);
  const per = range[2];
  const common = { buckets, bucketSeconds };
  const count = (v) => String(Math.round(v));
  const select = h('select', { id: 'range', name: 'range', onchange: (e) => { location.hash = `#/metrics?range=${e.target.value}`; } },
    RANGES.map(([r, label]) => h('option', { value: r, selected: r === range[0] }, label)));
  return { el: h('section', {}, h('h1', {}, 'Metrics'),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, h('label', {}, 'Range', select),
      h('span', { class: 'muted' }, `one bar per ${per}`)),
    chart({ ...common, title: `Turns per ${per}`, unit: 'turns', format: count,
      series: [{ name: 'turns', kind: 'bar', color: '#3556d8', value: (b) => b.turns || null }] }),
    chart({ ...common, title: 'Time to first chunk', unit: 'ms', format: (v) => `${Math.round(v)} ms`,
      series: [{ name: 'p50', kind: 'line', color: '#3556d8', value: (b) => b.ttfcP50Ms },
        { name: 'p95', kind: 'line', color: '#c2410c', dash: '5 3', value: (b) => b.ttfcP95Ms }] }),
    chart({ ...common, title: 'Run error rate', unit: '% of ended runs', format: (v) => `${Math.round(v * 100)} %`,
      series: [{ name: 'error rate', kind: 'bar', color: '#b42318', value: (b) => b.errorRate }] }),
    await deadRuns(me)) };
}
