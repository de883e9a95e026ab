// Renders UIMessages and folds live .out records (UIMessageChunks) into them, the way the AI SDK's client does.
import { h } from './dom.js';

export function headerOf(record, name) {
  return (record.headers ?? []).find(([k]) => k === name)?.[1];
}

/** The chunk carried by a .out record, or null for control and command records. */
export function chunkOf(record) {
  if (!record.body || headerOf(record, 'trigger-control') || headerOf(record, '')) return null;
  try {
    const data = JSON.parse(record.body).data;
    return typeof data === 'object' ? data : null;
  } catch {
    return null;
  }
}

export class Conversation {
  constructor(messages = []) {
    this.messages = structuredClone(messages);
    this.current = null;
  }

  /** Applies one chunk; returns true when the visible conversation changed. */
  apply(c) {
    const msg = () => {
      if (!this.current) {
        this.current = { id: c.messageId ?? `live-${this.messages.length}`, role: 'assistant', parts: [] };
        this.messages.push(this.current);
      }
      return this.current;
    };
    const part = (pred) => msg().parts.findLast(pred);
    const tool = (id) => part((p) => p.toolCallId === id);
    switch (c.type) {
      case 'start': {
        // a continuation (e.g. after a tool approval) carries the id of the message it continues
        this.current = this.messages.find((m) => m.role === 'assistant' && m.id === c.messageId) ?? null;
        msg();
        break;
      }
      case 'text-start': msg().parts.push({ type: 'text', id: c.id, text: '' }); break;
      case 'text-delta': { const p = part((x) => x.type === 'text' && x.id === c.id); if (p) p.text += c.delta; break; }
      case 'reasoning-start': msg().parts.push({ type: 'reasoning', id: c.id, text: '' }); break;
      case 'reasoning-delta': { const p = part((x) => x.type === 'reasoning' && x.id === c.id); if (p) p.text += c.delta; break; }
      case 'tool-input-start': msg().parts.push({ type: `tool-${c.toolName}`, toolCallId: c.toolCallId, state: 'input-streaming' }); break;
      case 'tool-input-available': {
        const p = tool(c.toolCallId) ?? (msg().parts.push({ type: `tool-${c.toolName}`, toolCallId: c.toolCallId }), tool(c.toolCallId));
        Object.assign(p, { state: 'input-available', input: c.input });
        break;
      }
      case 'tool-approval-request': { const p = tool(c.toolCallId); if (p) Object.assign(p, { state: 'approval-requested', approval: { id: c.approvalId } }); break; }
      case 'tool-output-available': { const p = tool(c.toolCallId); if (p) Object.assign(p, { state: 'output-available', output: c.output }); break; }
      case 'tool-output-error': { const p = tool(c.toolCallId); if (p) Object.assign(p, { state: 'output-error', errorText: c.errorText }); break; }
      case 'error': msg().parts.push({ type: 'error', text: c.errorText }); break;
      case 'finish': case 'abort': this.current = null; break;
      default: return false;
    }
    return true;
  }

  /** Adds a user message sent from .in (the playground shows it before the agent answers). */
  addUser(message) {
    this.messages.push(message);
    this.current = null;
  }
}

export function renderMessages(messages, { onApprove } = {}) {
  return h('div', { class: 'messages' }, messages.map((m) => h('div', { class: `msg ${m.role}` },
    h('div', { class: 'role' }, m.role),
    (m.parts ?? []).map((p) => renderPart(p, onApprove)))));
}

function renderPart(p, onApprove) {
  if (p.type === 'text') return h('div', { class: 'text' }, p.text);
  if (p.type === 'reasoning') return h('div', { class: 'muted' }, `(thinking) ${p.text}`);
  if (p.type === 'error') return h('div', { class: 'error' }, p.text);
  if (p.type.startsWith('tool-') || p.type === 'dynamic-tool') {
    const name = p.toolName ?? p.type.slice(5);
    return h('div', { class: 'tool', 'data-state': p.state },
      h('strong', {}, `tool ${name}`), ` ${p.state ?? ''}`,
      p.input !== undefined ? h('pre', {}, `input ${JSON.stringify(p.input)}`) : '',
      p.output !== undefined ? h('pre', {}, `output ${JSON.stringify(p.output)}`) : '',
      p.errorText ? h('div', { class: 'error' }, p.errorText) : '',
      p.state === 'approval-requested' && onApprove ? h('div', { class: 'actions' },
        h('button', { class: 'primary', onclick: () => onApprove(p, true) }, 'Approve'),
        h('button', { class: 'danger', onclick: () => onApprove(p, false) }, 'Deny')) : '');
  }
  return '';
}
