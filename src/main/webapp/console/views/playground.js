// Chat with any agent over the durable channels: streaming, tool approvals, stop, raw records beside the rendered
// messages, and time to first chunk per turn.
import { api } from '../api.js';
import { h } from '../dom.js';
import { Conversation, chunkOf, renderMessages } from '../chat.js';

export async function playgroundView(me) {
  if (me.role !== 'parley-admin') {
    return { el: h('section', {}, h('h1', {}, 'Playground'), h('p', { class: 'muted' }, 'The playground needs the parley-admin role.')) };
  }
  const { data: agents } = await api('/agents');
  const agentSelect = h('select', { name: 'agent' }, agents.map((a) => h('option', { value: a.id }, a.id)));
  const convoBox = h('div', { id: 'conversation' });
  const rawBox = h('tbody', { id: 'raw' });
  const turnsBox = h('tbody', { id: 'turns' });
  const info = h('p', { class: 'muted' });
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { name: 'text', placeholder: 'Say something…', 'aria-label': 'Message', size: 60, autocomplete: 'off', disabled: true });
  const sendBtn = h('button', { class: 'primary', type: 'submit', disabled: true }, 'Send');
  const stopBtn = h('button', { type: 'button', disabled: true, onclick: () => post({ kind: 'stop' }) }, 'Stop');
  let chat = null;
  let source = null;
  let conversation = new Conversation();
  let pending = null; // the turn awaiting its first chunk: {sentAt, row}

  const redraw = () => convoBox.replaceChildren(renderMessages(conversation.messages, { onApprove: approve }));

  async function post(record) {
    error.textContent = '';
    try {
      return await api(`/playground/${chat.id}/in`, { method: 'POST', body: record });
    } catch (e) {
      error.textContent = e.message;
      return null;
    }
  }

  function startTurn(label) {
    const row = h('tr', {}, h('td', {}, turnsBox.children.length + 1), h('td', {}, label), h('td', { class: 'ttfc' }, '…'));
    turnsBox.append(row);
    pending = { sentAt: performance.now(), row };
  }

  async function approve(part, approved) {
    const message = conversation.messages.findLast((m) => m.parts.includes(part));
    startTurn(approved ? 'approve' : 'deny');
    // marked before the append: the continuation's chunks can arrive on the tail before the append's answer does
    part.state = 'approval-responded';
    redraw();
    const appended = await post({ kind: 'message', payload: { chatId: chat.chatId, trigger: 'submit-message', message: {
      id: message.id, role: 'assistant', parts: [{ type: part.type, toolCallId: part.toolCallId,
        state: 'approval-responded', approval: { id: part.approval.id, approved } }] } } });
    if (!appended && part.state === 'approval-responded') {
      part.state = 'approval-requested';
      redraw();
    }
  }

  async function newChat() {
    source?.close();
    chat = await api('/playground', { method: 'POST', body: { agent: agentSelect.value } });
    conversation = new Conversation();
    rawBox.replaceChildren();
    turnsBox.replaceChildren();
    redraw();
    info.replaceChildren('Session ', h('a', { href: `#/sessions/${chat.id}` }, chat.id), ` with ${chat.agent}`);
    for (const el of [input, sendBtn, stopBtn]) el.disabled = false;
    source = new EventSource(`/console/api/sessions/${chat.id}/tail?after=-1`);
    source.addEventListener('batch', (e) => {
      for (const r of JSON.parse(e.data).records) {
        rawBox.append(h('tr', {}, h('td', {}, r.seq_num),
          h('td', {}, h('pre', {}, (r.headers ?? []).map(([k, v]) => `${k}: ${v}`).join('\n'))), h('td', {}, h('pre', {}, r.body ?? ''))));
        const c = chunkOf(r);
        if (c && pending && c.type !== 'start' && c.type !== 'start-step') {
          pending.row.querySelector('.ttfc').textContent = `${Math.round(performance.now() - pending.sentAt)} ms`;
          pending = null;
        }
        if (c && conversation.apply(c)) redraw();
      }
    });
  }

  const form = h('form', { class: 'actions', onsubmit: async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    const message = { id: `u-${crypto.randomUUID()}`, role: 'user', parts: [{ type: 'text', text }] };
    conversation.addUser(message);
    redraw();
    startTurn(text.slice(0, 40));
    await post({ kind: 'message', payload: { chatId: chat.chatId, trigger: 'submit-message', message } });
  } }, input, sendBtn, stopBtn);

  const el = h('section', {}, h('h1', {}, 'Playground'),
    h('div', { class: 'actions' }, h('label', {}, 'Agent ', agentSelect), h('button', { onclick: newChat, id: 'new-chat' }, 'New chat')),
    info, error,
    h('div', { class: 'grid' },
      h('div', {}, h('h2', {}, 'Conversation'), convoBox, form,
        h('h2', {}, 'Turns'), h('table', {}, h('thead', {}, h('tr', {}, ['#', 'Sent', 'Time to first chunk'].map((t) => h('th', {}, t)))), turnsBox)),
      h('div', {}, h('h2', {}, '.out records'), h('div', { class: 'records' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Seq', 'Headers', 'Body'].map((t) => h('th', {}, t)))), rawBox)))));
  return { el, close: () => source?.close() };
}
