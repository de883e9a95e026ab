// One session: the conversation (snapshot, then .out tailed live), the .in/.out records, the run timeline, actions.
import { api } from '../api.js';
import { h, when, badge } from '../dom.js';
import { Conversation, chunkOf, headerOf, renderMessages } from '../chat.js';
import { recordsPanel } from './records.js';

export async function sessionView(id, me) {
  const s = await api(`/sessions/${id}`);
  const conversation = new Conversation(s.snapshot?.messages ?? []);
  const convoBox = h('div', { id: 'conversation' }, renderMessages(conversation.messages));
  const liveState = h('span', { class: 'muted', id: 'live-state' }, 'connecting…');
  const records = recordsPanel(id);
  const status = h('span', {}, badge(s.status), ' ', badge(s.runStatus));
  const usage = h('p', { class: 'muted', id: 'usage' }, usageText(s.usage));
  const error = h('p', { class: 'error', role: 'alert' });
  const admin = me.role === 'parley-admin';

  // After a turn-complete the run moves to WAITING in its own commit, a moment after the record: re-read until it has.
  // A canceled run that was executing ends once its turn stopped: 'ended' re-reads until it has.
  async function refresh(settling = false) {
    const busy = settling === 'ended' ? ['BOOTING', 'STREAMING', 'WAITING'] : ['BOOTING', 'STREAMING'];
    for (let attempt = 0; ; attempt++) {
      const fresh = await api(`/sessions/${id}`);
      status.replaceChildren(badge(fresh.status), ' ', badge(fresh.runStatus));
      usage.textContent = usageText(fresh.usage);
      runsBody.replaceChildren(...runRows(fresh.runs));
      if (!settling || !busy.includes(fresh.runStatus) || attempt >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    records.setIn((await api(`/sessions/${id}/records?io=in&limit=1000`)).records);
  }

  const act = (label, path, body, cls) => h('button', { class: cls, disabled: !admin || s.status !== 'ACTIVE', title: admin ? '' : 'needs parley-admin',
    onclick: async () => {
      error.textContent = '';
      try {
        await api(`/sessions/${id}/${path}`, { method: 'POST', body });
        await refresh(path === 'cancel-run' && 'ended');
      } catch (e) {
        error.textContent = e.message;
      }
    } }, label);
  const runsBody = h('tbody', { id: 'runs-body' }, runRows(s.runs));

  // Records are loaded once, then .out rows are added as the tail delivers them.
  records.setIn((await api(`/sessions/${id}/records?io=in&limit=1000`)).records);
  records.addOut((await api(`/sessions/${id}/records?io=out&limit=1000`)).records);
  // The live tail resumes after what the snapshot already holds; earlier records are replayed into the conversation.
  const after = s.snapshot?.lastOutSeq ?? -1;
  const source = new EventSource(`/console/api/sessions/${id}/tail?after=${after}`);
  let seen = after;
  let refreshes = Promise.resolve();
  source.addEventListener('open', () => { liveState.textContent = 'live'; });
  source.addEventListener('error', () => { liveState.textContent = 'reconnecting…'; });
  source.addEventListener('batch', (e) => {
    let changed = false;
    for (const r of JSON.parse(e.data).records) {
      if (r.seq_num <= seen) continue;
      seen = r.seq_num;
      if (r.seq_num >= s.next.out) {
        records.addOut([{ seq: r.seq_num, timestamp: r.timestamp, headers: r.headers ?? null, body: r.body ?? null }]);
      }
      const c = chunkOf(r);
      if (c && conversation.apply(c)) changed = true;
      if (c?.type === 'start' || headerOf(r, 'trigger-control')) {
        // one refresh at a time, in record order, so an older answer never overwrites a newer one
        const settling = !!headerOf(r, 'trigger-control');
        refreshes = refreshes.then(() => refresh(settling)).catch(() => {});
      }
    }
    if (changed) convoBox.replaceChildren(renderMessages(conversation.messages));
  });

  const el = h('section', {},
    h('h1', {}, s.id, ' ', status),
    h('p', { class: 'muted' }, `external id ${s.externalId ?? '—'} · agent ${s.taskIdentifier} · type ${s.type} · created ${when(s.createdAt)}`
      + (s.closedAt ? ` · closed ${when(s.closedAt)} (${s.closedReason ?? ''})` : '') + (s.tags.length ? ` · tags ${s.tags.join(', ')}` : '')),
    usage,
    h('div', { class: 'actions' }, act('Stop current turn', 'stop', undefined, ''), act('Cancel run', 'cancel-run', undefined, ''), act('Close session', 'close', { reason: 'closed from the console' }, 'danger')),
    error,
    h('div', { class: 'grid' },
      h('div', {}, h('h2', {}, 'Conversation ', liveState), convoBox),
      h('div', {},
        h('h2', {}, 'Runs'),
        h('table', {}, h('thead', {}, h('tr', {}, ['Run', 'Reason', 'Version', 'State', 'Turns', 'Triggered', 'Ended', 'End reason'].map((t) => h('th', {}, t)))), runsBody),
        records.el)));
  return { el, close: () => source.close() };
}

// Tokens as the providers count them: input includes the cached part.
export function usageText(u) {
  const t = (x) => `${x.inputTokens} in (${x.cacheReadTokens} cached) · ${x.outputTokens} out`;
  const c = u.lastCompaction;
  // the history's size as estimated before and after its latest compaction, and what the summary call spent
  const compacted = c ? ` · compacted (${c.reason}) ${c.tokensBefore} → ${c.tokensAfter} tokens, summary ${t(c.usage)}` : '';
  return `tokens: ${t(u.total)} · last turn ${t(u.lastTurn)}${compacted}`;
}

function runRows(runs) {
  return runs.map((r) => h('tr', {}, h('td', {}, h('code', {}, r.id)), h('td', {}, r.reason), h('td', {}, r.appVersion ?? ''), h('td', {}, badge(r.status)),
    h('td', {}, r.turns), h('td', {}, when(r.triggeredAt)), h('td', {}, when(r.endedAt)), h('td', {}, r.endReason ?? '')));
}
