// The cases. Each builds its clients as an application would and asserts on what the clients assembled.
import assert from "node:assert/strict";
import {
  assertConversation, createApp, createChat, describeMessages, echo, longText, secretFetch, textOf, waitFor,
} from "./chat.mjs";
import { aiSdkCases } from "./aisdk-cases.mjs";
import { mcpCases } from "./mcp-cases.mjs";

/** The AI SDK's own transport pointed at Parley's D17 endpoints, with the secret key as a server-side proxy would add. */
const stockTransport = (ctx, agent) => new ctx.lib.ai.DefaultChatTransport({
  api: `${ctx.baseURL}/api/chat/${agent}`,
  headers: { Authorization: `Bearer ${ctx.secretKey}` },
});

const streamingText = (chat) => textOf(chat.messages.at(-1)?.role === "assistant" ? chat.messages.at(-1) : undefined);

export const cases = [
  {
    name: "transport: two turns",
    async run(ctx) {
      const { transport, counts } = createApp(ctx);
      const chat = createChat(ctx, transport, { id: ctx.chatId() });
      await chat.sendMessage({ text: "hello there" });
      assertConversation(chat, [["user", "hello there"], ["assistant", echo("hello there")]], "after turn 1");
      await chat.sendMessage({ text: "and again" });
      assertConversation(chat, [
        ["user", "hello there"], ["assistant", echo("hello there")],
        ["user", "and again"], ["assistant", echo("and again")],
      ], "after turn 2");
      assert.equal(counts.startSession, 1, "startSession is called once per chat");
      assert.notEqual(chat.messages[1].id, chat.messages[3].id, "each turn is its own assistant message");
    },
  },
  {
    name: "transport: preload then send",
    async run(ctx) {
      const { transport, counts } = createApp(ctx);
      const id = ctx.chatId();
      await transport.preload(id);
      assert.equal(counts.startSession, 1, "preload starts the session");
      const chat = createChat(ctx, transport, { id });
      await chat.sendMessage({ text: "after preload" });
      assertConversation(chat, [["user", "after preload"], ["assistant", echo("after preload")]]);
      assert.equal(counts.startSession, 1, "the preloaded session is reused");
    },
  },
  {
    name: "transport: reload mid-turn resumes the whole turn",
    async run(ctx) {
      const id = ctx.chatId();
      const first = createApp(ctx);
      const chatA = createChat(ctx, first.transport, { id });
      await chatA.sendMessage({ text: "warm up" });
      const text = longText(150, "w");
      const sending = chatA.sendMessage({ text });
      await waitFor(() => streamingText(chatA).length > 20, "the first words of the turn");
      // the page goes away: keep what the app persisted, drop the tab without a stop
      const persisted = structuredClone(first.transport.getSession(id));
      const persistedMessages = structuredClone(chatA.messages.slice(0, 3));
      ctx.note(`persisted ${JSON.stringify({ ...persisted, publicAccessToken: "…" })}`);
      assert.equal(persisted.isStreaming, true, "a turn in flight is persisted as streaming");
      first.transport.dispose();
      sending.catch(() => {});
      const second = createApp(ctx, { sessions: { [id]: persisted } });
      const chatB = createChat(ctx, second.transport, { id, messages: persistedMessages });
      await chatB.resumeStream();
      assertConversation(chatB, [
        ["user", "warm up"], ["assistant", echo("warm up")], ["user", text], ["assistant", echo(text)],
      ], "after the resume");
      assert.equal(second.counts.startSession, 0, "a resume does not create a session");
      await chatB.sendMessage({ text: "after the reload" });
      assert.equal(textOf(chatB.messages.at(-1)), echo("after the reload"));
    },
  },
  {
    name: "transport: reconnect to a settled session closes fast",
    async run(ctx) {
      const id = ctx.chatId();
      const first = createApp(ctx);
      const chatA = createChat(ctx, first.transport, { id });
      await chatA.sendMessage({ text: "settle down" });
      const state = first.transport.getSession(id);
      assert.equal(state.isStreaming, false, "a finished turn is persisted as not streaming");
      // a tab that persisted "streaming" without its send's seq (closed before the append answered) peeks
      const stale = { publicAccessToken: state.publicAccessToken, lastEventId: state.lastEventId, isStreaming: true };
      const second = createApp(ctx, { sessions: { [id]: stale } });
      const chatB = createChat(ctx, second.transport, { id, messages: structuredClone(chatA.messages) });
      const t = Date.now();
      await chatB.resumeStream();
      const ms = Date.now() - t;
      assert.ok(ms < 5000, `a settled reconnect took ${ms} ms (expected a prompt close, not the long-poll window)`);
      assertConversation(chatB, [["user", "settle down"], ["assistant", echo("settle down")]], "nothing replayed");
      assert.equal(second.transport.getSession(id).isStreaming, false, "the transport knows the chat is idle");
      // and with a hydrated idle state the transport makes no request at all
      const third = createApp(ctx, { sessions: { [id]: state } });
      assert.equal(await third.transport.reconnectToStream({ chatId: id }), null);
    },
  },
  {
    name: "transport: stop, then the next message",
    async run(ctx) {
      const { transport } = createApp(ctx);
      const chat = createChat(ctx, transport, { id: ctx.chatId() });
      const text = longText(80, "s");
      const sending = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      await chat.stop();
      await sending;
      const partial = textOf(chat.messages[1]);
      assert.ok(echo(text).startsWith(partial) && partial.length < echo(text).length,
        `the stopped reply is a strict prefix of the full one: ${JSON.stringify(partial)}`);
      await chat.sendMessage({ text: "next one" });
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
      assert.equal(textOf(chat.messages[3]), echo("next one"), `after stop:\n${describeMessages(chat.messages)}`);
      assert.equal(chat.status, "ready");
      await chat.sendMessage({ text: "and one more" });
      assert.equal(textOf(chat.messages[5]), echo("and one more"), describeMessages(chat.messages));
    },
  },
  {
    name: "transport: regenerate replaces the last answer",
    async run(ctx) {
      const { transport } = createApp(ctx);
      const chat = createChat(ctx, transport, { id: ctx.chatId() });
      await chat.sendMessage({ text: "first question" });
      await chat.sendMessage({ text: "second question" });
      const before = chat.messages[3].id;
      await chat.regenerate();
      assertConversation(chat, [
        ["user", "first question"], ["assistant", echo("first question")],
        ["user", "second question"], ["assistant", echo("second question")],
      ], "after regenerate");
      ctx.note(`regenerated ${before} -> ${chat.messages[3].id}`);
      await chat.sendMessage({ text: "third question" });
      assert.equal(textOf(chat.messages.at(-1)), echo("third question"), describeMessages(chat.messages));
      assert.equal(chat.messages.length, 6);
    },
  },
  {
    name: "transport: tool approval round trip (approve, then deny)",
    async run(ctx) {
      const { ai } = ctx.lib;
      const { transport } = createApp(ctx, { agent: "demo-approval" });
      const chat = createChat(ctx, transport, {
        id: ctx.chatId(),
        sendAutomaticallyWhen: ai.lastAssistantMessageIsCompleteWithApprovalResponses,
      });
      await chat.sendMessage({ text: "tell the team" });
      const tool = () => chat.messages[1]?.parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(tool()?.state, "approval-requested", describeMessages(chat.messages));
      assert.equal(tool().input?.body, "tell the team");
      const assistantId = chat.messages[1].id;
      await chat.addToolApprovalResponse({ id: tool().approval.id, approved: true });
      await waitFor(() => chat.status === "ready" && tool()?.state === "output-available", "the approved tool's output", 20000);
      await waitFor(() => chat.status === "ready" && textOf(chat.messages[1]).length > 0, "the answer", 20000);
      assert.equal(chat.messages.length, 2, `the approval continues the same message:\n${describeMessages(chat.messages)}`);
      assert.equal(chat.messages[1].id, assistantId);
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
    },
  },
  {
    name: "transport: expired token is refreshed through accessToken",
    async run(ctx) {
      const { sdk } = ctx.lib;
      const id = ctx.chatId();
      const first = createApp(ctx);
      const chatA = createChat(ctx, first.transport, { id });
      await chatA.sendMessage({ text: "before expiry" });
      const state = first.transport.getSession(id);
      const expired = await sdk.auth.createPublicToken({
        scopes: { read: { sessions: id }, write: { sessions: id } },
        expirationTime: Math.floor(Date.now() / 1000) - 60,
      });
      const second = createApp(ctx, { sessions: { [id]: { ...state, publicAccessToken: expired } } });
      const chatB = createChat(ctx, second.transport, { id, messages: structuredClone(chatA.messages) });
      await chatB.sendMessage({ text: "after expiry" });
      assert.ok(second.counts.accessToken >= 1, "the 401 made the transport ask for a fresh token");
      assert.equal(second.counts.startSession, 0, "a refresh is not a new session");
      assertConversation(chatB, [
        ["user", "before expiry"], ["assistant", echo("before expiry")],
        ["user", "after expiry"], ["assistant", echo("after expiry")],
      ]);
    },
  },
  {
    name: "transport: expired token on the resumed stream is refreshed (401 on .out)",
    async run(ctx) {
      const { sdk } = ctx.lib;
      const id = ctx.chatId();
      const first = createApp(ctx);
      const chatA = createChat(ctx, first.transport, { id });
      const text = longText(150, "x");
      const sending = chatA.sendMessage({ text });
      await waitFor(() => streamingText(chatA).length > 20, "the first words");
      const persisted = structuredClone(first.transport.getSession(id));
      first.transport.dispose();
      sending.catch(() => {});
      const expired = await sdk.auth.createPublicToken({
        scopes: { read: { sessions: id }, write: { sessions: id } },
        expirationTime: Math.floor(Date.now() / 1000) - 60,
      });
      const second = createApp(ctx, { sessions: { [id]: { ...persisted, publicAccessToken: expired } } });
      const chatB = createChat(ctx, second.transport, { id, messages: structuredClone(chatA.messages.slice(0, 1)) });
      await chatB.resumeStream();
      assert.ok(second.counts.accessToken >= 1, "the 401 on .out made the transport ask for a fresh token");
      assertConversation(chatB, [["user", text], ["assistant", echo(text)]], "after the refreshed resume");
    },
  },
  {
    name: "transport: close makes the chat terminal (session_closed)",
    async run(ctx) {
      const { sdk } = ctx.lib;
      const id = ctx.chatId();
      const { transport } = createApp(ctx);
      const chat = createChat(ctx, transport, { id });
      await chat.sendMessage({ text: "before close" });
      const closed = await sdk.sessions.close(id, { reason: "done" });
      assert.ok(closed.closedAt, "close returns the closed session");
      await chat.sendMessage({ text: "after close" });
      assert.equal(chat.status, "error", "sending to a closed session fails");
      assert.match(String(chat.error?.message), /clos/i, `error: ${chat.error?.message}`);
      assert.equal(transport.sessionStatus(id), "closed");
      assert.equal(transport.sessionClosedReason(id), "done");
      const res = await secretFetch(ctx, `/realtime/v1/sessions/${id}/in/append`, {
        method: "POST",
        body: JSON.stringify({ kind: "message", payload: { chatId: id, trigger: "submit-message", message: { id: "u9", role: "user", parts: [{ type: "text", text: "x" }] } } }),
      });
      assert.equal(res.status, 409);
      const body = await res.json();
      assert.equal(body.code, "session_closed");
    },
  },
  {
    name: "transport: close mid-turn ends the turn with the session closed",
    async run(ctx) {
      const { sdk } = ctx.lib;
      const id = ctx.chatId();
      const { transport } = createApp(ctx);
      const chat = createChat(ctx, transport, { id });
      const text = longText(80, "c");
      const sending = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      await sdk.sessions.close(id, { reason: "mid-turn" });
      const t = Date.now();
      await sending;
      assert.ok(Date.now() - t < 5000, "the turn ends promptly after the close");
      const partial = textOf(chat.messages[1]);
      assert.ok(echo(text).startsWith(partial) && partial.length < echo(text).length,
        `the closed turn is a strict prefix: ${JSON.stringify(partial)}`);
      await waitFor(() => transport.sessionStatus(id) === "closed", "the transport to see the close", 5000);
    },
  },
  {
    // The SDK's way to send while a reply streams (usePendingMessages): the message goes to .in without touching the
    // stream in flight. The current turn must finish whole, and the server answers the new message as the next turn.
    name: "transport: message sent while streaming",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const { readUIMessageStream } = ctx.lib.ai;
      const { transport } = createApp(ctx);
      const id = ctx.chatId();
      const chat = createChat(ctx, transport, { id });
      const text = longText(120, "m");
      const first = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      const pending = { id: `pending-${Date.now()}`, role: "user", parts: [{ type: "text", text: "interrupting" }] };
      assert.equal(await transport.sendPendingMessage(id, pending), true, "the pending message is accepted");
      await first;
      assertConversation(chat, [["user", text], ["assistant", echo(text)]], "the turn in flight is not disturbed");
      // read the next turn from where this client stopped, as a second client would. A settled peek right after the
      // first turn's boundary may come before the queued turn's first chunk: then it is empty, and we look again.
      const cursor = transport.getSession(id).lastEventId;
      let reader;
      let message;
      for (let attempt = 0; attempt < 25 && !textOf(message); attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 200));
        reader = new AgentChat({ agent: "demo", id, session: { lastEventId: cursor } });
        const stream = await reader.reconnect();
        if (!stream) continue;
        for await (const m of readUIMessageStream({ stream, terminateOnError: true })) message = m;
      }
      assert.equal(textOf(message), echo("interrupting"), "the queued message is answered as the next turn");
      assert.equal(await (await reader.sendMessage("calm again")).text(), echo("calm again"), "and the chat goes on");
    },
  },
  {
    // stopped as soon as the append is acknowledged, before the reply's first chunk has been read
    name: "transport: stop before the first chunk, then the next message",
    async run(ctx) {
      const { transport, events } = createApp(ctx);
      const chat = createChat(ctx, transport, { id: ctx.chatId() });
      await chat.sendMessage({ text: "warm up" });
      const text = longText(60, "q");
      const sends = events.filter((e) => e === "message-sent").length;
      const sending = chat.sendMessage({ text });
      await waitFor(() => events.filter((e) => e === "message-sent").length > sends, "the append to be acknowledged");
      await chat.stop();
      await sending;
      const stopped = chat.messages.slice(3).map(textOf).join("");
      assert.ok(echo(text).startsWith(stopped), `the stopped reply is a prefix: ${JSON.stringify(stopped)}`);
      await chat.sendMessage({ text: "right after" });
      assert.equal(textOf(chat.messages.at(-1)), echo("right after"), describeMessages(chat.messages));
      assert.equal(chat.messages.filter((m) => textOf(m) === echo("right after")).length, 1, "answered once");
    },
  },
  {
    name: "transport: regenerate after a stop",
    async run(ctx) {
      const { transport } = createApp(ctx);
      const chat = createChat(ctx, transport, { id: ctx.chatId() });
      const text = longText(60, "g");
      const sending = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      await chat.stop();
      await sending;
      await chat.regenerate();
      assertConversation(chat, [["user", text], ["assistant", echo(text)]], "the regenerated answer is whole");
    },
  },
  {
    name: "transport: unknown session is recreated through startSession (404)",
    async run(ctx) {
      const { sdk } = ctx.lib;
      const id = ctx.chatId();
      // state persisted for a chat the server does not know (e.g. another environment, or a reset database)
      const token = await sdk.auth.createPublicToken({ scopes: { read: { sessions: id }, write: { sessions: id } } });
      const { transport, counts } = createApp(ctx, { sessions: { [id]: { publicAccessToken: token, lastEventId: "41", isStreaming: false } } });
      const chat = createChat(ctx, transport, { id });
      await chat.sendMessage({ text: "are you there" });
      assert.equal(counts.startSession, 1, "the 404 made the transport create the session");
      assertConversation(chat, [["user", "are you there"], ["assistant", echo("are you there")]]);
    },
  },
  {
    name: "transport: tool approval answered after a reload",
    async run(ctx) {
      const { ai } = ctx.lib;
      const id = ctx.chatId();
      const first = createApp(ctx, { agent: "demo-approval" });
      const chatA = createChat(ctx, first.transport, { id });
      await chatA.sendMessage({ text: "after reload" });
      const part = chatA.messages[1]?.parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(part?.state, "approval-requested", describeMessages(chatA.messages));
      const persisted = structuredClone(first.transport.getSession(id));
      const messages = structuredClone(chatA.messages);
      first.transport.dispose();
      const second = createApp(ctx, { agent: "demo-approval", sessions: { [id]: persisted } });
      const chatB = createChat(ctx, second.transport, {
        id, messages, sendAutomaticallyWhen: ai.lastAssistantMessageIsCompleteWithApprovalResponses,
      });
      await chatB.addToolApprovalResponse({ id: part.approval.id, approved: true });
      await waitFor(() => chatB.status === "ready" && textOf(chatB.messages[1]).length > 0, "the answer", 20000);
      const tool = chatB.messages[1].parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(tool.state, "output-available", describeMessages(chatB.messages));
      assert.equal(textOf(chatB.messages[1]), "Done: the email was sent.");
      assert.equal(chatB.messages.length, 2, describeMessages(chatB.messages));
    },
  },
  {
    name: "transport: an action the agent does not handle completes without output",
    async run(ctx) {
      const { transport } = createApp(ctx);
      const id = ctx.chatId();
      const chat = createChat(ctx, transport, { id });
      await chat.sendMessage({ text: "before the action" });
      const stream = await transport.sendAction(id, { type: "undo" });
      const chunks = [];
      const t = Date.now();
      for await (const c of stream) chunks.push(c);
      assert.ok(Date.now() - t < 5000, "the action's turn completes");
      assert.deepEqual(chunks.filter((c) => c.type === "text-delta"), [], JSON.stringify(chunks));
      await chat.sendMessage({ text: "after the action" });
      assert.equal(textOf(chat.messages.at(-1)), echo("after the action"), describeMessages(chat.messages));
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
    },
  },
  {
    name: "agentchat: preload, then the first message",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const agent = new AgentChat({ agent: "demo", id: ctx.chatId("agent"), clientData: { userId: "u-1" } });
      await agent.preload();
      assert.equal(await (await agent.sendMessage("preloaded")).text(), echo("preloaded"));
    },
  },
  {
    name: "agentchat: sendMessage and text() over two turns",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const agent = new AgentChat({ agent: "demo", id: ctx.chatId("agent") });
      const one = await agent.sendMessage("hi agent");
      assert.equal(await one.text(), echo("hi agent"));
      const two = await agent.sendMessage("second turn");
      assert.equal(await two.text(), echo("second turn"));
      assert.ok(agent.session.lastEventId, "the session cursor is kept");
    },
  },
  {
    name: "agentchat: steer while a reply streams; the steered message is answered next",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const agent = new AgentChat({ agent: "demo", id: ctx.chatId("agent") });
      const text = longText(60, "g");
      const reply = await agent.sendMessage(text);
      const reader = reply.stream.getReader();
      let got = "";
      while (got.length < 20) {
        const { value, done } = await reader.read();
        assert.ok(!done, "the reply ended before the steer");
        if (value.type === "text-delta") got += value.delta;
      }
      const steered = longText(80, "h"); // long enough to still be streaming when the first reply has been read
      assert.equal(await agent.steer(steered), true, "steer() reports the message was taken");
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (r.value.type === "text-delta") got += r.value.delta;
      }
      assert.equal(got, echo(text), "the streaming reply is whole");
      const next = await agent.reconnect();
      assert.ok(next, "the steered message has a turn of its own to read");
      let steeredReply = "";
      for await (const c of next) if (c.type === "text-delta") steeredReply += c.delta;
      assert.equal(steeredReply, echo(steered));
    },
  },
  {
    name: "agentchat: an action completes its turn and the chat goes on",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const agent = new AgentChat({ agent: "demo", id: ctx.chatId("agent") });
      assert.equal(await (await agent.sendMessage("before")).text(), echo("before"));
      const action = await agent.sendAction({ type: "refresh" });
      assert.equal(await action.text(), "", "the demo agent has no action handler: the turn completes empty");
      assert.equal(await (await agent.sendMessage("after")).text(), echo("after"));
    },
  },
  {
    name: "transport: client-side tool (the browser's result continues the turn)",
    async run(ctx) {
      const { ai } = ctx.lib;
      const { transport } = createApp(ctx, { agent: "demo-approval" });
      const chat = createChat(ctx, transport, {
        id: ctx.chatId(),
        sendAutomaticallyWhen: ai.lastAssistantMessageIsCompleteWithToolCalls,
      });
      await chat.sendMessage({ text: "where am I?" });
      const tool = () => chat.messages[1]?.parts.find((p) => p.type === "tool-getLocation");
      assert.equal(tool()?.state, "input-available", describeMessages(chat.messages));
      assert.equal(chat.status, "ready", "the turn ended waiting for the browser");
      const assistantId = chat.messages[1].id;
      const addOutput = (chat.addToolOutput ?? chat.addToolResult).bind(chat);
      await addOutput({ tool: "getLocation", toolCallId: tool().toolCallId, output: { city: "Lisbon" } });
      await waitFor(() => chat.status === "ready" && textOf(chat.messages[1]).length > 0, "the answer", 20000);
      assert.equal(chat.messages.length, 2, `the result continues the same message:\n${describeMessages(chat.messages)}`);
      assert.equal(chat.messages[1].id, assistantId);
      assert.equal(tool().state, "output-available");
      assert.equal(textOf(chat.messages[1]), "You are in Lisbon.");
    },
  },
  {
    name: "agentchat: stop ends the turn, the next turn is whole",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const agent = new AgentChat({ agent: "demo", id: ctx.chatId("agent") });
      const text = longText(80, "a");
      const stream = await agent.sendMessage(text);
      let seen = "";
      const reading = (async () => {
        for await (const chunk of stream) {
          if (chunk.type === "text-delta") seen += chunk.delta;
        }
      })();
      await waitFor(() => seen.length > 15, "the first words");
      await agent.stop();
      await reading;
      assert.ok(echo(text).startsWith(seen) && seen.length < echo(text).length, `stopped reply: ${JSON.stringify(seen)}`);
      const next = await agent.sendMessage("after the stop");
      assert.equal(await next.text(), echo("after the stop"));
    },
  },
  {
    name: "agentchat: reconnect after a settled turn returns at once",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const id = ctx.chatId("agent");
      const agent = new AgentChat({ agent: "demo", id });
      assert.equal(await (await agent.sendMessage("settled")).text(), echo("settled"));
      const again = new AgentChat({ agent: "demo", id, session: agent.session });
      const t = Date.now();
      const stream = await again.reconnect();
      const chunks = [];
      if (stream) {
        for await (const c of stream) chunks.push(c);
      }
      const ms = Date.now() - t;
      assert.ok(ms < 5000, `settled reconnect took ${ms} ms`);
      assert.deepEqual(chunks.filter((c) => c.type === "text-delta"), [], "nothing is replayed");
      assert.equal(await (await again.sendMessage("continued")).text(), echo("continued"));
    },
  },
  {
    name: "agentchat: reconnect mid-turn delivers the rest of the turn",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const id = ctx.chatId("agent");
      const agent = new AgentChat({ agent: "demo", id });
      assert.equal(await (await agent.sendMessage("first")).text(), echo("first"));
      const session = structuredClone(agent.session);
      const text = longText(150, "r");
      const controller = new AbortController();
      const stream = await agent.sendMessage(text, { abortSignal: controller.signal });
      const reader = stream.stream.getReader();
      await reader.read();
      const again = new AgentChat({ agent: "demo", id, session });
      const resumed = await again.reconnect();
      assert.ok(resumed, "a turn in flight can be reconnected to");
      let got = "";
      for await (const c of resumed) if (c.type === "text-delta") got += c.delta;
      assert.equal(got, echo(text), "the reconnect replays the turn from its start");
      reader.cancel().catch(() => {});
    },
  },
  {
    // AgentChat.close() sends trigger:"close": the agent leaves its loop and the run ends (the session itself stays
    // open, as on the reference server); the next message continues the chat in a new run with its history.
    name: "agentchat: close ends the run, the chat continues in a new run",
    async run(ctx) {
      const { AgentChat } = ctx.lib.sdkChat;
      const { sdk } = ctx.lib;
      const id = ctx.chatId("agent");
      const agent = new AgentChat({ agent: "demo", id });
      assert.equal(await (await agent.sendMessage("bye soon")).text(), echo("bye soon"));
      const before = await sdk.sessions.retrieve(id);
      assert.equal(await agent.close(), true);
      const reply = await agent.sendMessage("back again");
      assert.equal(await reply.text(), echo("back again"));
      const after = await sdk.sessions.retrieve(id);
      assert.equal(after.closedAt, null, "close() ends the run, not the session");
      assert.notEqual(after.currentRunId, before.currentRunId, "the closed run is not reused");
    },
  },
  {
    name: "default transport: two turns",
    async run(ctx) {
      const chat = createChat(ctx, stockTransport(ctx, "demo"), { id: ctx.chatId("dct") });
      await chat.sendMessage({ text: "hello there" });
      assertConversation(chat, [["user", "hello there"], ["assistant", echo("hello there")]], "after turn 1");
      await chat.sendMessage({ text: "and again" });
      assertConversation(chat, [
        ["user", "hello there"], ["assistant", echo("hello there")],
        ["user", "and again"], ["assistant", echo("and again")],
      ], "after turn 2");
    },
  },
  {
    name: "default transport: tool approval round trip",
    async run(ctx) {
      const { ai } = ctx.lib;
      const chat = createChat(ctx, stockTransport(ctx, "demo-approval"), {
        id: ctx.chatId("dct"),
        sendAutomaticallyWhen: ai.lastAssistantMessageIsCompleteWithApprovalResponses,
      });
      await chat.sendMessage({ text: "tell the team" });
      const tool = () => chat.messages[1]?.parts.find((p) => p.type === "tool-sendEmail");
      assert.equal(tool()?.state, "approval-requested", describeMessages(chat.messages));
      const assistantId = chat.messages[1].id;
      await chat.addToolApprovalResponse({ id: tool().approval.id, approved: true });
      await waitFor(() => chat.status === "ready" && textOf(chat.messages[1]).length > 0, "the answer", 20000);
      assert.equal(chat.messages.length, 2, `the approval continues the same message:\n${describeMessages(chat.messages)}`);
      assert.equal(chat.messages[1].id, assistantId);
      assert.equal(tool().state, "output-available", describeMessages(chat.messages));
      assert.deepEqual(tool().output, { sent: true, to: "team@example.com" });
      assert.equal(textOf(chat.messages[1]), "Done: the email was sent.");
    },
  },
  {
    name: "default transport: resume after a reload",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const chatA = createChat(ctx, stockTransport(ctx, "demo"), { id });
      const text = longText(150, "r");
      const sending = chatA.sendMessage({ text });
      await waitFor(() => streamingText(chatA).length > 20, "the first words of the turn");
      const persisted = structuredClone(chatA.messages.slice(0, 1)); // what the app had saved: the user's message
      await chatA.stop(); // the tab goes away: its request is aborted, the agent goes on
      await sending.catch(() => {});
      const chatB = createChat(ctx, stockTransport(ctx, "demo"), { id, messages: persisted });
      await chatB.resumeStream();
      assertConversation(chatB, [["user", text], ["assistant", echo(text)]], "after the resume");
      const chatC = createChat(ctx, stockTransport(ctx, "demo"), { id, messages: structuredClone(chatB.messages) });
      await chatC.resumeStream();
      assert.equal(chatC.messages.length, 2, "nothing is streaming any more: the resume finds nothing (204)");
    },
  },
  {
    name: "default transport: stop, then the next message",
    async run(ctx) {
      const id = ctx.chatId("dct");
      const chat = createChat(ctx, stockTransport(ctx, "demo"), { id });
      const text = longText(150, "s");
      const sending = chat.sendMessage({ text });
      await waitFor(() => streamingText(chat).length > 15, "the first words");
      // the page's stop button: stop the agent's turn, then end the request
      assert.equal((await secretFetch(ctx, `/api/chat/demo/${encodeURIComponent(id)}/stop`, { method: "POST" })).status, 200);
      await waitFor(() => chat.status === "ready", "the stopped turn to end", 20000);
      await sending;
      const partial = textOf(chat.messages[1]);
      assert.ok(echo(text).startsWith(partial) && partial.length < echo(text).length,
        `the stopped reply is a strict prefix of the full one: ${JSON.stringify(partial)}`);
      await chat.sendMessage({ text: "next one" });
      assert.equal(chat.messages.length, 4, describeMessages(chat.messages));
      assert.equal(textOf(chat.messages[3]), echo("next one"), `after stop:\n${describeMessages(chat.messages)}`);
    },
  },
  {
    name: "transport: watch mode follows the later turns through one standing stream",
    async run(ctx) {
      const id = ctx.chatId();
      const writer = createApp(ctx);
      const chat = createChat(ctx, writer.transport, { id });
      await chat.sendMessage({ text: "before the viewer" });
      const state = structuredClone(writer.transport.getSession(id));
      assert.equal(state.isStreaming, false, "the viewer joins a settled chat");
      // a dashboard viewer: the chat's persisted state, watch mode, no sending
      const viewer = createApp(ctx, { watch: true, sessions: { [id]: state } });
      const stream = await viewer.transport.reconnectToStream({ chatId: id });
      assert.ok(stream, "watch mode subscribes to a settled chat instead of answering null");
      const seen = { text: "", finishes: 0, ended: false };
      const reader = stream.getReader();
      (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            seen.ended = true;
            return;
          }
          if (value.type === "text-delta") seen.text += value.delta;
          if (value.type === "finish") seen.finishes++;
        }
      })().catch((e) => ctx.note(`viewer stream: ${e.message}`));
      await chat.sendMessage({ text: "second turn" });
      await chat.sendMessage({ text: "third turn" });
      await waitFor(() => seen.finishes >= 2, "the viewer to see both later turns", 20000);
      assert.equal(seen.text, echo("second turn") + echo("third turn"),
        "each later turn once and in order, nothing of the turn before the viewer joined");
      assert.equal(seen.ended, false, "the stream stays open across turn-complete");
      assert.equal(viewer.counts.startSession, 0, "a viewer never starts a session");
    },
  },
  {
    name: "transport: multiTab: one tab sends while the other is read-only, then the other takes over",
    async run(ctx) {
      const id = ctx.chatId();
      const tabA = createApp(ctx, { multiTab: true });
      const chatA = createChat(ctx, tabA.transport, { id });
      await chatA.sendMessage({ text: "from tab A" });
      const tabB = createApp(ctx, { multiTab: true, sessions: { [id]: structuredClone(tabA.transport.getSession(id)) } });
      const chatB = createChat(ctx, tabB.transport, { id, messages: structuredClone(chatA.messages) });
      const text = longText(120, "m");
      const sending = chatA.sendMessage({ text });
      await waitFor(() => tabB.transport.isReadOnly(id), "tab B to hear that tab A holds the chat");
      await chatB.sendMessage({ text: "too early" });
      assert.match(String(chatB.errors.at(-1)?.message), /another tab/, "tab B cannot send while tab A's turn streams");
      await sending;
      assertConversation(chatA, [
        ["user", "from tab A"], ["assistant", echo("from tab A")], ["user", text], ["assistant", echo(text)],
      ], "tab A's two turns");
      await waitFor(() => !tabB.transport.isReadOnly(id), "tab A to release the chat once its turn completed");
      chatB.messages = structuredClone(chatA.messages); // what the app's messages listener would do
      await chatB.sendMessage({ text: "now from tab B" });
      assertConversation(chatB, [
        ["user", "from tab A"], ["assistant", echo("from tab A")], ["user", text], ["assistant", echo(text)],
        ["user", "now from tab B"], ["assistant", echo("now from tab B")],
      ], "tab B continues the same chat");
      assert.equal(tabB.counts.startSession, 0, "tab B reuses the chat's session");
    },
  },
  ...aiSdkCases,
  ...mcpCases,
];
