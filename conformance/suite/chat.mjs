// How a real app wires the clients: TriggerChatTransport with a startSession server action and an accessToken
// callback, under the AI SDK's framework-free chat engine (AbstractChat with a plain in-memory state).
import assert from "node:assert/strict";

export function makeChatState(initial = []) {
  return {
    status: "ready",
    error: undefined,
    messages: [...initial],
    pushMessage(m) { this.messages = this.messages.concat(m); },
    popMessage() { this.messages = this.messages.slice(0, -1); },
    replaceMessage(i, m) { this.messages = [...this.messages.slice(0, i), m, ...this.messages.slice(i + 1)]; },
    snapshot: (thing) => structuredClone(thing),
  };
}

export function createApp(ctx, { agent = "demo", sessions, onSessionChange, ...transportOptions } = {}) {
  const { sdk, sdkAi, sdkChat } = ctx.lib;
  const counts = { startSession: 0, accessToken: 0 };
  const events = [];
  const startAction = sdkAi.chat.createStartSessionAction(agent);
  const transport = new sdkChat.TriggerChatTransport({
    ...transportOptions,
    task: agent,
    baseURL: ctx.baseURL,
    sessions,
    startSession: async (params) => {
      counts.startSession++;
      ctx.note(`app: startSession(${params.chatId})`);
      return startAction({ chatId: params.chatId, clientData: params.clientData });
    },
    accessToken: async ({ chatId }) => {
      counts.accessToken++;
      ctx.note(`app: accessToken(${chatId})`);
      return sdk.auth.createPublicToken({ scopes: { read: { sessions: chatId }, write: { sessions: chatId } } });
    },
    onSessionChange,
    onEvent: (e) => {
      events.push(e.type);
      ctx.note(`transport event: ${e.type}${e.error ? ` ${e.error.message ?? e.error}` : ""}`);
    },
  });
  ctx.defer(() => transport.dispose());
  return { transport, counts, events };
}

export function createChat(ctx, transport, { id, messages = [], ...options } = {}) {
  const { AbstractChat } = ctx.lib.ai;
  class NodeChat extends AbstractChat {
    constructor() {
      super({ id, transport, state: makeChatState(messages), ...options });
    }
  }
  const chat = new NodeChat();
  const errors = [];
  chat.errors = errors;
  const origOnError = options.onError;
  chat["onError"] = (e) => { errors.push(e); ctx.note(`chat onError: ${e.message}`); origOnError?.(e); };
  return chat;
}

export function textOf(message) {
  return (message?.parts ?? []).filter((p) => p.type === "text").map((p) => p.text).join("");
}

export function describeMessages(messages) {
  return messages.map((m) => `${m.role}(${m.id}): ${JSON.stringify(m.parts.map((p) => p.type === "text" ? p.text : p.type + (p.state ? `:${p.state}` : "")))}`).join("\n");
}

/** Asserts the conversation is exactly these [role, text] pairs: nothing empty, duplicated, truncated or reordered. */
export function assertConversation(chat, expected, label = "conversation") {
  const actual = chat.messages.map((m) => [m.role, textOf(m)]);
  assert.deepEqual(actual, expected, `${label} differs:\n${describeMessages(chat.messages)}`);
  assert.equal(chat.status, "ready", `chat status ${chat.status}, error ${chat.error?.message}`);
  assert.equal(chat.error, undefined, `chat error: ${chat.error?.message}`);
}

export const echo = (text) => `You said: ${text}`;

export async function waitFor(predicate, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function longText(words, tag) {
  return Array.from({ length: words }, (_, i) => `${tag}${i}`).join(" ");
}

export async function secretFetch(ctx, path, init = {}) {
  const res = await fetch(`${ctx.baseURL}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${ctx.secretKey}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
  return res;
}

/**
 * How an app wires the AI SDK's stock DefaultChatTransport to Parley (decision D17): the agent's chat endpoint as
 * `api`, and a credential in `headers` (a session token scoped to the chat, as a browser would hold, or the secret key
 * on a server). `onDisconnect: "stop"` makes the client leaving (the AI SDK's stop() aborts the request) stop its turn.
 */
export async function createUiTransport(ctx, { agent = "demo", chatId, auth = "token", onDisconnect } = {}) {
  const { ai, sdk } = ctx.lib;
  const credential = auth === "token"
    ? await sdk.auth.createPublicToken({ scopes: { read: { sessions: chatId }, write: { sessions: chatId } } })
    : ctx.secretKey;
  const headers = { Authorization: `Bearer ${credential}` };
  if (onDisconnect) headers["x-parley-on-disconnect"] = onDisconnect;
  return new ai.DefaultChatTransport({ api: `${ctx.baseURL}/api/chat/${agent}`, headers });
}

/** The `.out` chunks of a chat, turn by turn (as stored; read with the secret key through the realtime API). */
export async function storedTurns(ctx, chatId) {
  const res = await secretFetch(ctx, `/realtime/v1/sessions/${encodeURIComponent(chatId)}/out/records`);
  assert.equal(res.status, 200, `records: ${res.status}`);
  const { records } = await res.json();
  const turns = [[]];
  for (const r of records) {
    const control = (r.headers ?? []).find((h) => h[0] === "trigger-control")?.[1];
    if (control === "turn-complete") turns.push([]);
    else if (!control && r.data && typeof r.data === "object") turns.at(-1).push(r.data);
  }
  return turns.filter((t) => t.length);
}
