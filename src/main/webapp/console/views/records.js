// Records as collapsible, pretty-printed JSON, and a session's turns as found on its .out records (each turn ends with a
// turn-complete), each linking to that turn's timeline.
import { h } from '../dom.js';
import { headerOf } from '../chat.js';

/** A JSON value indented for reading; a string holding JSON (how .in stores a message) is unfolded too. */
export function pretty(value) {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/** <details> whose summary is one readable line and whose body is the whole value as indented JSON. */
export function jsonDetails(summary, value) {
  return h('details', { class: 'json' }, h('summary', {}, summary), h('pre', {}, pretty(value)));
}

function parsed(body) {
  if (body == null) return null;
  try {
    const b = JSON.parse(body);
    return typeof b.data === 'string' ? { ...b, data: JSON.parse(b.data) } : b;
  } catch {
    return body;
  }
}

/** One line that says what a record is: its control subtype, chunk type (and text), or the message it carries. */
export function recordSummary(r) {
  const command = headerOf(r, '');
  if (command) return `command ${command}`;
  const control = headerOf(r, 'trigger-control');
  if (control) return `control ${control}`;
  const body = parsed(r.body);
  const data = body?.data;
  if (!data || typeof data !== 'object') return typeof body === 'string' ? body.slice(0, 120) : '—';
  if (data.type) return [data.type, data.toolName, data.delta ?? data.errorText].filter(Boolean).join(' · ').slice(0, 120);
  const text = data.payload?.message?.parts?.filter((p) => p.type === 'text').map((p) => p.text).join(' ');
  return [data.kind, data.payload?.trigger, text].filter(Boolean).join(' · ').slice(0, 120);
}

export function recordRow(r) {
  const value = { headers: r.headers ?? null, body: parsed(r.body) };
  return h('tr', { 'data-seq': r.seq }, h('td', {}, r.seq), h('td', {}, new Date(r.timestamp).toLocaleTimeString()),
    h('td', {}, jsonDetails(recordSummary(r), value)));
}

function recordsTable(title, body) {
  // focusable, so the scrolled list can be scrolled from the keyboard
  return h('div', {}, h('h2', {}, title), h('div', { class: 'records', tabindex: 0, role: 'region', 'aria-label': title },
    h('table', {}, h('thead', {}, h('tr', {}, ['Seq', 'Time', 'Record'].map((t) => h('th', {}, t)))), body)));
}

/** Groups .out records into turns: everything after one turn-complete up to and including the next. */
export function turnsOf(records) {
  const turns = [];
  let current = null;
  for (const r of records) {
    if (headerOf(r, '')) continue;
    if (!current) {
      current = { from: r.seq, to: r.seq, startedAt: r.timestamp, endedAt: null, count: 0 };
      turns.push(current);
    }
    current.to = r.seq;
    current.count++;
    if (headerOf(r, 'trigger-control') === 'turn-complete') {
      current.endedAt = r.timestamp;
      current = null;
    }
  }
  return turns;
}

/** The records of a session (.in set whole, .out appended as it streams) and its turns. */
export function recordsPanel(sessionId) {
  const bodies = { in: h('tbody', { id: 'records-in' }), out: h('tbody', { id: 'records-out' }) };
  const turnList = h('ol', { id: 'turns', class: 'turns' });
  const out = [];
  const renderTurns = () => turnList.replaceChildren(...(out.length ? turnsOf(out).map((t) => h('li', {},
    h('a', { href: `#/sessions/${sessionId}/turns/${t.from}` }, `seq ${t.from}–${t.to}`), ' ',
    h('span', { class: 'muted' }, `${new Date(t.startedAt).toLocaleTimeString()} · ${t.count} records · `
      + (t.endedAt === null ? 'in progress' : `${t.endedAt - t.startedAt} ms`)))) : [h('li', { class: 'muted' }, 'none stored')]));
  renderTurns();
  return {
    el: h('div', {}, h('h2', {}, 'Turns'), h('p', { class: 'muted' }, 'The turns whose records .out still holds; older ones are trimmed.'),
      turnList, recordsTable('.in records', bodies.in), recordsTable('.out records', bodies.out)),
    setIn(records) { bodies.in.replaceChildren(...records.map(recordRow)); },
    addOut(records) {
      bodies.out.append(...records.map(recordRow));
      out.push(...records);
      renderTurns();
    },
  };
}
