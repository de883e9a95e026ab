// The MCP endpoint (/mcp) driven by the official TypeScript MCP client over streamable HTTP, as an AI assistant's
// host would: list the tools, chat with the demo agent in one run, read the history, close; bad credentials refused.
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { echo } from "./chat.mjs";

async function connect(ctx, credential) {
  const client = new Client({ name: "parley-conformance", version: "1" });
  const headers = credential ? { Authorization: `Bearer ${credential}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${ctx.baseURL}/mcp`), { requestInit: { headers } }));
  ctx.defer(() => client.close());
  return client;
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.ok(!result.isError, `${name} failed: ${JSON.stringify(result.content)}`);
  return JSON.parse(result.content[0].text);
}

export const mcpCases = [
  {
    name: "mcp: an assistant chats with the demo agent in one run",
    timeout: 60_000,
    async run(ctx) {
      const client = await connect(ctx, ctx.secretKey);
      const { tools } = await client.listTools();
      for (const t of ["list_agents", "start_agent_chat", "send_agent_message", "get_chat_history", "close_agent_chat"]) {
        assert.ok(tools.some((x) => x.name === t), `tool ${t} is listed`);
      }
      const { agents } = await call(client, "list_agents", {});
      assert.ok(agents.some((a) => a.id === "demo"), "the demo agent is listed");

      const chatId = ctx.chatId("mcp");
      const started = await call(client, "start_agent_chat", { agentId: "demo", chatId, clientData: { via: "mcp" } });
      assert.equal(started.chatId, chatId);
      const first = await call(client, "send_agent_message", { chatId, message: "hello over mcp" });
      assert.equal(first.text, echo("hello over mcp"));
      const second = await call(client, "send_agent_message", { chatId, message: "second turn" });
      assert.equal(second.text, echo("second turn"));
      assert.equal(first.runId, started.runId, "the preloaded run answers the first turn");
      assert.equal(second.runId, started.runId, "both turns run in the same run");

      const session = await ctx.lib.sdk.sessions.retrieve(chatId);
      assert.equal(session.taskIdentifier, "demo", "the chat is a session of the agent, visible to the REST API");
      const { messages } = await call(client, "get_chat_history", { chatId });
      assert.deepEqual(messages.map((m) => m.role), ["user", "assistant", "user", "assistant"]);

      assert.equal((await call(client, "close_agent_chat", { chatId })).closed, true);
      await assert.rejects(client.callTool({ name: "send_agent_message", arguments: { chatId, message: "late" } }),
        /closed/, "a closed chat takes no message");
    },
  },
  {
    name: "mcp: bad credentials are refused",
    async run(ctx) {
      await assert.rejects(connect(ctx, "tr_wrong_key_000000000000000000000000"), /401|Invalid or Missing API key/);
      await assert.rejects(connect(ctx, null), /401|Invalid or Missing API key/);
    },
  },
];
