// Decision D17: the AI SDK's stock DefaultChatTransport, driven by the AI SDK's own chat engine, against
// POST /api/chat/{agent}, GET /api/chat/{agent}/{chatId}/stream and POST …/{chatId}/stop (more cases in cases.mjs).
import assert from "node:assert/strict";
import {
  assertConversation, createApp, createChat, createUiTransport, describeMessages, echo, longText, secretFetch,
  storedTurns, textOf, waitFor,
} from "./chat.mjs";

async function lastTurnCompleteSeq(ctx, chatId) {
  const res = await secretFetch(ctx, `/realtime/v1/sessions/${encodeURIComponent(chatId)}/out/records`);
  const { records } = await res.json();
  return records.filter((r) => (r.headers ?? []).some((h) => h[0] === "trigger-control" && h[1] === "turn-complete")).at(-1)?.seqNum;
}

const streamingText = (chat) => textOf(chat.messages.at(-1)?.role === "assistant" ? chat.messages.at(-1) : undefined);
const textOfChunks = (chunks) => chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");

/** GET …/stream until it answers 204 (the turn has ended on the server). */
async function untilIdle(ctx, chatId, agent = "demo") {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await secretFetch(ctx, `/api/chat/${agent}/${encodeURIComponent(chatId)}/stream`);
    if (res.status === 204) return;
    await res.body?.cancel();
    if (Date.now() > deadline) throw new Error(`the turn of ${chatId} did not end (resume answers ${res.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const aiSdkCases = [
  {
    name: "default transport: two turns with a session token",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const transport = await createUiTransport(ctx, { chatId: id });
      const chat = createChat(ctx, transport, { id });
      await chat.sendMessage({ text: "hello ai sdk" });
      assertConversation(chat, [["user", "hello ai sdk"], ["assistant", echo("hello ai sdk")]], "after turn 1");
      await chat.sendMessage({ text: "second turn" });
      assertConversation(chat, [
        ["user", "hello ai sdk"], ["assistant", echo("hello ai sdk")],
        ["user", "second turn"], ["assistant", echo("second turn")],
      ], "after turn 2");
      assert.notEqual(chat.messages[1].id, chat.messages[3].id, "each turn is its own assistant message");
      const session = await ctx.lib.sdk.sessions.retrieve(id);
      assert.equal(session.taskIdentifier, "demo", "the chat is a session of the agent in the URL");
      assert.equal(await transport.reconnectToStream({ chatId: id }), null, "nothing streams after the turn: 204");
    },
  },
  {
    name: "default transport: regenerate replaces the last answer",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const chat = createChat(ctx, await createUiTransport(ctx, { chatId: id, auth: "secret" }), { id });
      await chat.sendMessage({ text: "first question" });
      await chat.sendMessage({ text: "second question" });
      const before = chat.messages[3].id;
      await chat.regenerate();
      assertConversation(chat, [
        ["user", "first question"], ["assistant", echo("first question")],
        ["user", "second question"], ["assistant", echo("second question")],
      ], "after regenerate");
      assert.notEqual(chat.messages[3].id, before, "the answer was generated again");
      await chat.sendMessage({ text: "third question" });
      assert.equal(textOf(chat.messages.at(-1)), echo("third question"), describeMessages(chat.messages));
      assert.equal(chat.messages.length, 6);
    },
  },
  {
    name: "default transport: editing the first message answers it afresh",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const chat = createChat(ctx, await createUiTransport(ctx, { chatId: id }), { id });
      await chat.sendMessage({ text: "first draft" });
      await chat.sendMessage({ text: "follow-up" });
      await chat.sendMessage({ text: "second draft", messageId: chat.messages[0].id });
      assertConversation(chat, [["user", "second draft"], ["assistant", echo("second draft")]], "after the edit");
      await chat.sendMessage({ text: "and on" });
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
      assert.equal(textOf(chat.messages[3]), echo("and on"));
    },
  },
  {
    name: "default transport: tool approval round trip (approve, then deny)",
    async run(ctx) {
      const { ai } = ctx.lib;
      const id = ctx.chatId("dct");
      const transport = await createUiTransport(ctx, { agent: "demo-approval", chatId: id });
      const chat = createChat(ctx, transport, {
        id, sendAutomaticallyWhen: ai.lastAssistantMessageIsCompleteWithApprovalResponses,
      });
      await chat.sendMessage({ text: "tell the team" });
      const tool = () => chat.messages[1]?.parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(tool()?.state, "approval-requested", describeMessages(chat.messages));
      assert.equal(tool().input?.body, "tell the team");
      const assistantId = chat.messages[1].id;
      await chat.addToolApprovalResponse({ id: tool().approval.id, approved: true });
      await waitFor(() => chat.status === "ready" && textOf(chat.messages[1]).length > 0, "the answer", 20000);
      assert.equal(chat.messages.length, 2, `the approval continues the same message:\n${describeMessages(chat.messages)}`);
      assert.equal(chat.messages[1].id, assistantId);
      assert.equal(tool().state, "output-available", describeMessages(chat.messages));
      assert.deepEqual(tool().output, { sent: true, to: "team@example.com" });
      assert.equal(textOf(chat.messages[1]), "Done: the email was sent.");

      await chat.sendMessage({ text: "never mind" });
      const second = () => chat.messages[3]?.parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(second()?.state, "approval-requested", describeMessages(chat.messages));
      await chat.addToolApprovalResponse({ id: second().approval.id, approved: false, reason: "no" });
      await waitFor(() => chat.status === "ready" && textOf(chat.messages[3]).length > 0, "the denial's answer", 20000);
      assert.equal(second().state, "output-denied", describeMessages(chat.messages));
      assert.equal(textOf(chat.messages[3]), "The email was not sent.");
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
      assert.equal(chat.error, undefined, `chat error: ${chat.error?.message}`);
    },
  },
  {
    name: "default transport: reload mid-turn resumes the rest; 204 when idle",
    async run(ctx) {
      const id = ctx.chatId("dct");
      // turns outlive their client by default, so a reloaded page can resume them
      const first = await createUiTransport(ctx, { chatId: id });
      const chatA = createChat(ctx, first, { id });
      await chatA.sendMessage({ text: "warm up" });
      const text = longText(150, "w");
      const sending = chatA.sendMessage({ text });
      await waitFor(() => streamingText(chatA).length > 20, "the first words of the turn");
      const persisted = structuredClone(chatA.messages.slice(0, 3));
      await chatA.stop(); // the page goes away: the request is aborted
      await sending;
      const second = await createUiTransport(ctx, { chatId: id });
      const chatB = createChat(ctx, second, { id, messages: persisted });
      await chatB.resumeStream();
      assertConversation(chatB, [
        ["user", "warm up"], ["assistant", echo("warm up")], ["user", text], ["assistant", echo(text)],
      ], "after the resume (the whole turn, nothing twice)");
      assert.equal(await second.reconnectToStream({ chatId: id }), null, "idle: 204");
      await chatB.sendMessage({ text: "after the reload" });
      assert.equal(textOf(chatB.messages.at(-1)), echo("after the reload"), describeMessages(chatB.messages));
      assert.equal(chatB.messages.length, 6);
    },
  },
  {
    name: "default transport: stop with x-parley-on-disconnect: stop (the aborted request stops the turn), then the next message",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const chat = createChat(ctx, await createUiTransport(ctx, { chatId: id, onDisconnect: "stop" }), { id });
      const text = longText(80, "s");
      const sending = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      await chat.stop();
      await sending;
      const t = Date.now();
      await untilIdle(ctx, id);
      assert.ok(Date.now() - t < 5000, "the server ends the turn promptly");
      const [turn] = await storedTurns(ctx, id);
      assert.equal(turn.at(-1)?.type, "abort", `the stored turn was stopped: ${JSON.stringify(turn.slice(-3))}`);
      const stored = textOfChunks(turn);
      assert.ok(echo(text).startsWith(stored) && stored.length < echo(text).length,
        `the stored reply is a strict prefix: ${JSON.stringify(stored)}`);
      await chat.sendMessage({ text: "next one" });
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
      assert.equal(textOf(chat.messages[3]), echo("next one"), describeMessages(chat.messages));
      assert.equal(chat.status, "ready");
    },
  },
  {
    name: "default transport: one chat, both protocols (AgentChat watches, TriggerChatTransport continues)",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const { sdk } = ctx.lib;
      const id = ctx.chatId("both");
      const dct = createChat(ctx, await createUiTransport(ctx, { chatId: id }), { id });
      // started with DefaultChatTransport, watched live over the trigger.dev SSE endpoint
      const text = longText(60, "b");
      const sending = dct.sendMessage({ text });
      await waitFor(() => streamingText(dct).length > 10, "the first words");
      // a watcher that joins the chat without a cursor reads it from the start: this is its first turn
      const watched = await new AgentChat({ agent: "demo", id, session: {} }).reconnect();
      assert.ok(watched, "the turn in flight can be watched through .out");
      let seen = "";
      for await (const c of watched) if (c.type === "text-delta") seen += c.delta;
      await sending;
      assert.equal(seen, echo(text), "the watcher saw the whole turn");
      assertConversation(dct, [["user", text], ["assistant", echo(text)]], "the AI SDK side");
      // continued with the trigger.dev transport, from the cursor an app would have persisted
      const lastEventId = String(await lastTurnCompleteSeq(ctx, id));
      const token = await sdk.auth.createPublicToken({ scopes: { read: { sessions: id }, write: { sessions: id } } });
      const { transport, counts } = createApp(ctx, { sessions: { [id]: { publicAccessToken: token, lastEventId, isStreaming: false } } });
      const trig = createChat(ctx, transport, { id, messages: structuredClone(dct.messages) });
      await trig.sendMessage({ text: "from trigger" });
      assertConversation(trig, [
        ["user", text], ["assistant", echo(text)], ["user", "from trigger"], ["assistant", echo("from trigger")],
      ], "the trigger.dev side");
      assert.equal(counts.startSession, 0, "the session exists already");
      // and back on the AI SDK side: its stream skips the trigger.dev turn and answers its own message
      const back = createChat(ctx, await createUiTransport(ctx, { chatId: id }), { id, messages: structuredClone(trig.messages) });
      await back.sendMessage({ text: "back again" });
      assert.equal(textOf(back.messages.at(-1)), echo("back again"), describeMessages(back.messages));
      assert.equal(back.messages.length, 6, describeMessages(back.messages));
      assert.equal((await sdk.sessions.retrieve(id)).taskIdentifier, "demo");
    },
  },
];
