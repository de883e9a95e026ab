package dev.parley.models.control;

import dev.parley.agent.McpTools;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.json.Json;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.parley.models.control.ScriptedModel.text;
import static dev.parley.models.control.ScriptedModel.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tools of a remote MCP server (the SDK's own server on Jetty, in this JVM) inside the tool loop, via {@link McpTools}. */
class McpToolsTest {

    private static final AtomicInteger ADDS = new AtomicInteger();
    private static final AtomicReference<String> AUTHORIZATION = new AtomicReference<>();
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
    private static Server jetty;
    private static McpSyncServer mcp;
    private static String url;

    @BeforeAll
    static void startServer() throws Exception {
        var mapper = McpJsonDefaults.getMapper();
        var transport = HttpServletStreamableServerTransportProvider.builder().jsonMapper(mapper).mcpEndpoint("/mcp")
                .contextExtractor(r -> {
                    AUTHORIZATION.set(r.getHeader("Authorization"));
                    return io.modelcontextprotocol.common.McpTransportContext.EMPTY;
                }).build();
        mcp = McpServer.sync(transport).serverInfo("remote", "1").jsonMapper(mapper).tools(
                tool(mapper, "add", """
                        {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""",
                        args -> {
                            ADDS.incrementAndGet();
                            int sum = ((Number) args.get("a")).intValue() + ((Number) args.get("b")).intValue();
                            return CallToolResult.builder().addTextContent(String.valueOf(sum))
                                    .structuredContent(java.util.Map.of("sum", sum)).build();
                        }),
                tool(mapper, "weather.now", "{\"type\":\"object\",\"properties\":{}}",
                        args -> CallToolResult.builder().addTextContent("station offline").isError(true).build()),
                tool(mapper, "slow", "{\"type\":\"object\",\"properties\":{}}", args -> {
                    try {
                        RELEASE_SLOW.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CallToolResult.builder().addTextContent("late").build();
                })).build();
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp";
    }

    @AfterAll
    static void stopServer() throws Exception {
        RELEASE_SLOW.countDown();
        mcp.closeGracefully();
        jetty.stop();
    }

    private static SyncToolSpecification tool(io.modelcontextprotocol.json.McpJsonMapper mapper, String name, String schema,
                                              java.util.function.Function<java.util.Map<String, Object>, CallToolResult> body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description("remote " + name).inputSchema(mapper, schema).build())
                .callHandler((exchange, request) -> body.apply(request.arguments())).build();
    }

    private static StreamRequest request(Tool... tools) {
        return StreamRequest.builder().messages(List.of(UIMessage.user("u1", "go"))).tools(tools).messageId("m1").build();
    }

    @Test
    void aRemoteToolRunsInTheToolLoopWithTheConnectionsHeaders() {
        try (McpTools remote = McpTools.streamableHttp(url).header("Authorization", "Bearer remote-key").build()) {
            Tool add = remote.tool("add");
            assertEquals("remote add", add.description());
            assertEquals(List.of("a", "b"), add.inputSchema().getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString));
            ScriptedModel model = new ScriptedModel(toolCall("c1", "add", "{\"a\":2,\"b\":3}"), text("5.", 1, 1));
            ChunkSequence chunks = new ChunkSequence();
            model.streamText(request(add), chunks);
            chunks.assertValid();
            assertEquals(Json.createObjectBuilder().add("sum", 5).build(),
                    chunks.all(UIMessageChunk.ToolOutputAvailable.class).getFirst().output());
            assertEquals("add", model.requests.getFirst().tools().getFirst().name());
            assertEquals("Bearer remote-key", AUTHORIZATION.get());
        }
    }

    @Test
    void aRemoteErrorIsAToolErrorTheModelReadsAndNamesAreMadeProviderSafe() {
        try (McpTools remote = McpTools.streamableHttp(url).build()) {
            Tool weather = remote.tool("weather.now");
            assertEquals("weather_now", weather.name());
            ScriptedModel model = new ScriptedModel(toolCall("c1", "weather_now", "{}"), text("Hm.", 1, 1));
            ChunkSequence chunks = new ChunkSequence();
            model.streamText(request(weather), chunks);
            chunks.assertValid();
            assertEquals("station offline", chunks.all(UIMessageChunk.ToolOutputError.class).getFirst().errorText());
            assertEquals(2, model.requests.size(), "the loop goes on after the error");
        }
    }

    @Test
    void aSlowRemoteToolEndsAtTheTimeoutWithAnError() {
        try (McpTools remote = McpTools.streamableHttp(url).timeout(Duration.ofSeconds(1)).build()) {
            ScriptedModel model = new ScriptedModel(toolCall("c1", "slow", "{}"), text("Gave up.", 1, 1));
            ChunkSequence chunks = new ChunkSequence();
            model.streamText(request(remote.tool("slow")), chunks);
            String error = chunks.all(UIMessageChunk.ToolOutputError.class).getFirst().errorText();
            assertTrue(error.contains("did not answer within 1 s"), error);
        }
    }

    @Test
    void anApprovedRemoteToolWaitsForTheApprovalBeforeItRuns() {
        int before = ADDS.get();
        try (McpTools remote = McpTools.streamableHttp(url).needsApproval("add").build()) {
            ScriptedModel model = new ScriptedModel(toolCall("c1", "add", "{\"a\":1,\"b\":1}"), text("ok", 1, 1));
            ChunkSequence chunks = new ChunkSequence();
            model.streamText(request(remote.tools().toArray(Tool[]::new)), chunks);
            assertEquals(1, chunks.all(UIMessageChunk.ToolApprovalRequest.class).size());
            assertEquals(before, ADDS.get(), "nothing ran on the remote server before the approval");
        }
    }
}
