// The last hour per minute, as inline SVG: turns, mean time to first chunk, run error rate; and the run queue's dead
// letters, which an admin can send back to the queue.
import { api } from '../api.js';
import { h, badge } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 600, H = 140, PAD = 30;

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

function chart(title, points, format) {
  const values = points.map((p) => p.value).filter((v) => v !== null);
  const max = Math.max(1e-9, ...values);
  const x = (i) => PAD + (i * (W - PAD * 2)) / Math.max(1, points.length - 1);
  const y = (v) => H - PAD + 10 - ((H - PAD) * v) / max;
  const bars = points.map((p, i) => p.value === null ? null : s('rect', {
    x: x(i) - 3, y: y(p.value), width: 6, height: Math.max(0, H - PAD + 10 - y(p.value)), fill: '#3556d8' },
  s('title', {}, `${new Date(p.minute).toLocaleTimeString()}: ${format(p.value)}`))).filter(Boolean);
  return h('div', { class: 'card', style: 'margin-bottom:12px' }, h('h2', {}, title, ' ',
    h('span', { class: 'muted' }, values.length ? `max ${format(max)}` : 'no data in the last hour')),
  s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title },
    s('line', { x1: PAD, y1: H - PAD + 10, x2: W - PAD, y2: H - PAD + 10, stroke: '#dde1e8' }),
    s('text', { x: PAD, y: H - 4, 'font-size': 10, fill: '#687083' }, '60 min ago'),
    s('text', { x: W - PAD, y: H - 4, 'font-size': 10, fill: '#687083', 'text-anchor': 'end' }, 'now'),
    ...bars));
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

export async function metricsView(me) {
  const { minutes } = await api('/metrics');
  return { el: h('section', {}, h('h1', {}, 'Last hour'),
    chart('Turns per minute', minutes.map((m) => ({ minute: m.minute, value: m.turns || null })), (v) => String(Math.round(v))),
    chart('Time to first chunk', minutes.map((m) => ({ minute: m.minute, value: m.ttfcMs })), (v) => `${Math.round(v)} ms`),
    chart('Run error rate', minutes.map((m) => ({ minute: m.minute, value: m.errorRate })), (v) => `${Math.round(v * 100)} %`),
    await deadRuns(me)) };
}
