// One turn of a session: its model calls (with their provider, model, tokens and retries when the turn stored them)
// and tool calls on a time line, what it answered, its trace id, its tokens (stored for the session's latest turn only)
// and the chunks it wrote, each readable as JSON.
import { api } from '../api.js';
import { h, badge } from '../dom.js';
import { jsonDetails } from './records.js';

const ms = (v) => (v === null || v === undefined ? '—' : `${v} ms`);
const time = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false });

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// A bar placed by start and length within the turn, so the steps and tools read as a time line.
function bar(turn, from, to, label) {
  const span = Math.max(1, (turn.endedAt ?? Math.max(to ?? from, from)) - turn.startedAt);
  const left = ((from - turn.startedAt) / span) * 100;
  const width = to === null || to === undefined ? 1 : Math.max(0.5, ((to - from) / span) * 100);
  return h('div', { class: 'lane', title: label },
    h('span', { class: 'bar', style: `margin-left:${Math.min(99, left).toFixed(2)}%;width:${Math.min(100 - left, width).toFixed(2)}%` }));
}

function toolRow(turn, t) {
  const detail = t.error ? h('span', { class: 'error' }, t.error) : (t.output ?? '');
  return h('tr', { class: 'tool-call', 'data-tool': t.toolName ?? '' },
    h('td', {}, h('code', {}, t.toolName ?? '?'), t.startedInEarlierTurn ? h('div', { class: 'muted' }, 'called in an earlier turn') : ''),
    h('td', {}, badge(t.state)), h('td', {}, h('code', {}, t.input ?? '')), h('td', {}, detail),
    h('td', {}, t.approvalRequestedAt ? `approval asked ${time(t.approvalRequestedAt)}` : ''),
    h('td', {}, ms(t.durationMs)),
    h('td', { class: 'lane-cell' }, t.inputAt ? bar(turn, t.inputAt, t.endedAt, `${t.toolName}: ${ms(t.durationMs)}`) : ''));
}

const count = (n) => (n === null || n === undefined ? '?' : n);

// What the turn stored about one model call: where it went, what it cost and whether Fault Tolerance retried it.
function callText(c) {
  const parts = [[c.provider, c.model].filter(Boolean).join(' · ')];
  parts.push(`${count(c.inputTokens)} in (${count(c.cachedTokens)} cached) · ${count(c.outputTokens)} out`);
  parts.push(`called ${ms(c.durationMs)}`);
  if (c.retries !== null && c.retries !== undefined) parts.push(c.retries === 1 ? '1 retry' : `${c.retries} retries`);
  if (c.breaker === 'open') parts.push('circuit breaker open');
  return parts.filter(Boolean).join(' · ');
}

function stepRows(turn) {
  const rows = [];
  for (const s of turn.steps) {
    const call = s.modelCall;
    rows.push(h('tr', { class: 'step' },
      h('td', {}, h('strong', {}, `Model call ${s.index + 1}`)), h('td', {}, s.durationMs === null ? badge('open') : ''),
      h('td', { colspan: 3 }, `from ${time(s.startedAt)} · seq ${s.fromSeq}–${s.toSeq ?? '…'} · ${s.textChars} characters of text`
        + (s.reasoningChars ? ` · ${s.reasoningChars} of reasoning` : '') + (s.toolCalls.length ? ` · ${s.toolCalls.length} tool call${s.toolCalls.length === 1 ? '' : 's'}` : ''),
        call ? h('div', { class: 'model-call' }, callText(call), call.error ? h('span', { class: 'error' }, ` · ${call.error}`) : '') : ''),
      h('td', {}, ms(s.durationMs)),
      h('td', { class: 'lane-cell' }, bar(turn, s.startedAt, s.endedAt, `model call ${s.index + 1}: ${ms(s.durationMs)}`))));
    for (const t of turn.tools.filter((x) => x.step === s.index)) rows.push(toolRow(turn, t));
  }
  for (const t of turn.tools.filter((x) => x.step === null)) rows.push(toolRow(turn, t));
  return rows;
}

function usageText(u) {
  if (!u) return 'not stored for this turn (the session keeps its latest turn\'s only)';
  return `${u.inputTokens} in (${u.cacheReadTokens} cached) · ${u.outputTokens} out` + (u.reasoningTokens ? ` · ${u.reasoningTokens} reasoning` : '');
}

function traceText(t) {
  if (t.trace.stored) return h('span', {}, h('code', { id: 'trace-id' }, t.trace.traceId), ` (span ${t.trace.spanId})`);
  return t.run ? h('span', {}, 'not stored (telemetry is off); the logs have the turn under ', h('code', {}, `parley_run=${t.run}`)) : 'not stored';
}

// Stored model calls that do not pair with the steps one to one (a turn recovered midway) are listed on their own.
function unmatchedCalls(t) {
  if (!t.modelCalls || !t.modelCalls.length || t.steps.some((s) => s.modelCall)) return '';
  return h('div', {}, h('h2', {}, 'Model calls'),
    h('ol', { id: 'model-calls' }, t.modelCalls.map((c) => h('li', {}, callText(c), c.error ? h('span', { class: 'error' }, ` · ${c.error}`) : ''))));
}

export async function turnView(sessionId, seq) {
  const t = await api(`/sessions/${sessionId}/turns/${seq}`);
  const state = t.complete ? (t.end ?? 'complete') : 'in progress';
  const chunks = t.chunks;
  const el = h('section', { class: 'turn' },
    h('p', {}, h('a', { href: `#/sessions/${sessionId}` }, `← ${sessionId}`)),
    h('h1', {}, `Turn at seq ${t.fromSeq}–${t.toSeq} `, badge(state)),
    kv([
      ['Started', `${new Date(t.startedAt).toLocaleString()}`],
      ['Duration', t.complete ? ms(t.durationMs) : 'still running'],
      ['Answered', t.answered ? `.in seq ${t.answered.seq} (${[t.answered.kind, t.answered.trigger].filter(Boolean).join(', ')}) at ${time(t.answered.timestamp)}`
        : 'the .in record is not stored (any more)'],
      ['Time to first chunk', ms(t.timeToFirstChunkMs)],
      ['Finish reason', t.finishReason ?? '—'],
      ['Run', t.run ? h('code', {}, t.run) : '—'],
      ['Tokens', usageText(t.usage)],
      ['Trace', traceText(t)],
    ]),
    unmatchedCalls(t),
    t.truncated ? h('p', { class: 'error' }, 'The turn is longer than the console reads; it is shown up to the cap.') : '',
    h('h2', {}, 'Timeline'),
    t.steps.length || t.tools.length ? h('div', { class: 'wide' }, h('table', { id: 'timeline' },
      h('thead', {}, h('tr', {}, ['What', 'State', 'Input', 'Output', 'Approval', 'Took', 'When'].map((c) => h('th', {}, c)))),
      h('tbody', {}, stepRows(t)))) : h('p', { class: 'muted' }, 'No model call in this turn.'),
    t.errors.length ? h('div', {}, h('h2', {}, 'Errors'), h('ul', { id: 'errors' }, t.errors.map((e) => h('li', { class: 'error' }, `seq ${e.seq} · ${time(e.timestamp)} · ${e.text}`)))) : '',
    h('h2', {}, `Chunks (${chunks.count})`),
    h('p', { class: 'muted' }, Object.entries(chunks.byType).map(([k, n]) => `${k} ${n}`).join(' · ')
      + (chunks.unlistedDeltas ? ` · ${chunks.unlistedDeltas} deltas beyond the first ${chunks.records.length} records are counted, not listed` : '')),
    h('ol', { id: 'chunks', class: 'chunks' }, chunks.records.map((r) => h('li', { 'data-seq': r.seq },
      jsonDetails(`${r.seq} · ${time(r.timestamp)} · ${r.type}`, r.chunk ?? r.headers ?? null)))));
  return { el };
}
