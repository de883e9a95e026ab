package dev.parley.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.parley.it.Console.adminCookie;
import static dev.parley.it.Console.post;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MCP endpoint ({@code /mcp}) driven by the official MCP Java SDK's client, as an AI assistant would. */
@ExtendWith(ArquillianExtension.class)
class McpIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    static McpSyncClient client(String credential) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (credential != null) {
            request.header("Authorization", bearer(credential));
        }
        var transport = HttpClientStreamableHttpTransport.builder(Parley.URL).endpoint("/mcp").requestBuilder(request).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    }

    static JsonObject call(McpSyncClient client, String tool, Map<String, Object> args) {
        CallToolResult r = client.callTool(new CallToolRequest(tool, args));
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + " failed: " + r.content());
        return json(((TextContent) r.content().get(0)).text());
    }

    @Test
    void anAssistantChatsWithTheDemoAgentInOneRunReadsTheHistoryAndCloses() {
        try (McpSyncClient mcp = client(KEY)) {
            mcp.initialize();
            var names = mcp.listTools().tools().stream().map(Tool::name).toList();
            assertTrue(names.containsAll(java.util.List.of("list_agents", "start_agent_chat", "send_agent_message",
                    "get_chat_history", "close_agent_chat")), names.toString());
            assertTrue(call(mcp, "list_agents", Map.of()).getJsonArray("agents").stream()
                    .anyMatch(a -> a.asJsonObject().getString("id").equals("demo")));

            JsonObject started = call(mcp, "start_agent_chat", Map.of("agentId", "demo"));
            String chatId = started.getString("chatId");
            String runId = started.getString("runId");
            JsonObject session = json(send("GET", "/api/v1/sessions/" + chatId, null, "Authorization", bearer(KEY)).body());
            assertEquals("demo", session.getString("taskIdentifier"), "a real session of the agent");

            JsonObject first = call(mcp, "send_agent_message", Map.of("chatId", chatId, "message", "hello there"));
            assertEquals("You said: hello there", first.getString("text"));
            JsonObject second = call(mcp, "send_agent_message", Map.of("chatId", chatId, "message", "and again"));
            assertEquals("You said: and again", second.getString("text"));
            assertEquals(runId, first.getString("runId"), "the preloaded run answers the first turn");
            assertEquals(runId, second.getString("runId"), "and the second: both turns in one run");

            var messages = call(mcp, "get_chat_history", Map.of("chatId", chatId)).getJsonArray("messages");
            assertEquals(4, messages.size(), messages.toString());
            assertEquals("You said: and again", messages.getJsonObject(3).getJsonArray("parts").stream()
                    .map(p -> p.asJsonObject()).filter(p -> p.getString("type").equals("text")).findFirst().orElseThrow()
                    .getString("text"));

            assertTrue(call(mcp, "close_agent_chat", Map.of("chatId", chatId)).getBoolean("closed"));
            McpError closed = assertThrows(McpError.class,
                    () -> mcp.callTool(new CallToolRequest("send_agent_message", Map.of("chatId", chatId, "message", "late"))));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        }
    }

    @Test
    void badArgumentsAndUnknownAgentsAreMcpErrorsThatSayWhatToChange() {
        try (McpSyncClient mcp = client(KEY)) {
            mcp.initialize();
            McpError unknown = assertThrows(McpError.class,
                    () -> mcp.callTool(new CallToolRequest("start_agent_chat", Map.of("agentId", "no-such-agent"))));
            assertTrue(unknown.getMessage().contains("No agent with id \"no-such-agent\""), unknown.getMessage());
            // the SDK checks arguments against the tool's input schema and answers an error result
            CallToolResult missing = mcp.callTool(new CallToolRequest("send_agent_message", Map.of("chatId", uniqueChatId())));
            assertEquals(Boolean.TRUE, missing.isError());
            assertTrue(((TextContent) missing.content().get(0)).text().contains("message"), missing.content().toString());
            McpError notAChat = assertThrows(McpError.class, () -> mcp.callTool(
                    new CallToolRequest("send_agent_message", Map.of("chatId", uniqueChatId(), "message", "anyone?"))));
            assertTrue(notAChat.getMessage().contains("not found"), notAChat.getMessage());
        }
    }

    @Test
    void badCredentialsAreRefusedBeforeAnyTool() {
        for (String credential : new String[] {null, "tr_wrong_key_000000000000000000000000"}) {
            try (McpSyncClient mcp = client(credential)) {
                RuntimeException e = assertThrows(RuntimeException.class, mcp::initialize);
                assertTrue(chain(e).contains("McpHttpClientTransportAuthorizationException"), chain(e));
            }
        }
        HttpResponse<String> raw = send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "Content-Type", "application/json", "Accept", "application/json, text/event-stream");
        assertEquals(401, raw.statusCode());
        assertTrue(raw.body().contains("Invalid or Missing API key"), raw.body());
    }

    @Test
    void aTokenOfAnotherEnvironmentNeverReachesThisOnesChats() {
        String chatId = uniqueChatId();
        try (McpSyncClient mcp = client(KEY)) {
            mcp.initialize();
            call(mcp, "start_agent_chat", Map.of("agentId", "demo", "chatId", chatId));
        }
        String cookie = adminCookie();
        String slug = "mcp-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> env = post(cookie, "/console/api/environments", "{\"slug\":\"" + slug + "\",\"name\":\"Other\"}");
        assertEquals(201, env.statusCode(), env.body());
        String otherKey = json(env.body()).getJsonObject("key").getString("secret");
        String otherToken = json(send("POST", "/api/v1/auth/public-tokens",
                "{\"scopes\":[\"read:sessions:" + chatId + "\",\"write:sessions:" + chatId + "\"],\"expirationTime\":\"15m\"}",
                "Authorization", bearer(otherKey)).body()).getString("token");
        try (McpSyncClient other = client(otherToken)) {
            other.initialize();
            McpError send = assertThrows(McpError.class,
                    () -> other.callTool(new CallToolRequest("send_agent_message", Map.of("chatId", chatId, "message", "hi"))));
            assertTrue(send.getMessage().contains("not found") || send.getMessage().contains("Not Found"), send.getMessage());
            assertThrows(McpError.class, () -> other.callTool(new CallToolRequest("get_chat_history", Map.of("chatId", chatId))));
            McpError start = assertThrows(McpError.class,
                    () -> other.callTool(new CallToolRequest("start_agent_chat", Map.of("agentId", "demo"))));
            assertNotNull(start.getMessage());
        }
        try (McpSyncClient mcp = client(KEY)) {
            mcp.initialize();
            assertEquals(0, call(mcp, "get_chat_history", Map.of("chatId", chatId)).getJsonArray("messages").size(),
                    "nothing reached this environment's chat");
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(t).append(" | ");
        }
        return b.toString();
    }
}
