package dev.parley.agent;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools of a remote MCP server (streamable HTTP, through the official MCP Java SDK's client) as ordinary
 * {@link Tool}s of an agent's tool loop: the model sees each remote tool's name, description and input schema; a call
 * runs on the remote server with this connection's headers. Like any tool, a call can need approval
 * ({@link Builder#needsApproval}), ends after {@link Builder#timeout} with an error the model reads, turns a remote
 * error result into a tool error, and is cancelled when the turn is stopped.
 * <p>
 * The connection opens on the first {@link #tools()} and the tool list is read once; one instance serves every turn
 * of the agent (hold it in a field or a CDI bean) and is closed with {@link #close()}.
 */
public final class McpTools implements AutoCloseable {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    private final String url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Set<String> approvals;
    private final boolean approveAll;
    private McpAsyncClient client;
    private List<Tool> tools;

    private McpTools(Builder b) {
        this.url = b.url;
        this.headers = Map.copyOf(b.headers);
        this.timeout = b.timeout;
        this.approvals = Set.copyOf(b.approvals);
        this.approveAll = b.approveAll;
    }

    /** A server at {@code url}, e.g. {@code https://tools.example.com/mcp}. */
    public static Builder streamableHttp(String url) {
        return new Builder(url);
    }

    public static final class Builder {
        private final String url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(60);
        private final List<String> approvals = new ArrayList<>();
        private boolean approveAll;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** A header sent with every request, e.g. {@code Authorization}. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** How long one call (and the connection) may take; then the call ends with an error the model reads. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** These remote tools wait for a human approval before each call; with no names, all of them do. */
        public Builder needsApproval(String... toolNames) {
            if (toolNames.length == 0) {
                approveAll = true;
            }
            approvals.addAll(List.of(toolNames));
            return this;
        }

        public McpTools build() {
            return new McpTools(this);
        }
    }

    /** The remote server's tools; connects and lists them on the first call. */
    public synchronized List<Tool> tools() {
        if (tools == null) {
            McpAsyncClient c = connect();
            List<Tool> listed = new ArrayList<>();
            for (McpSchema.Tool remote : c.listTools().block(timeout).tools()) {
                Tool t = Tool.of(localName(remote.name()), remote.description(), schema(remote),
                        (input, context) -> call(c, remote.name(), input, context));
                listed.add(approveAll || approvals.contains(remote.name()) ? t.needsApproval() : t);
            }
            client = c;
            tools = List.copyOf(listed);
        }
        return tools;
    }

    /** One remote tool by its name on the server. */
    public Tool tool(String name) {
        return tools().stream().filter(t -> t.name().equals(localName(name))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The MCP server at " + url + " has no tool " + name));
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.closeGracefully().block(timeout);
            client = null;
            tools = null;
        }
    }

    private McpAsyncClient connect() {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        headers.forEach(request::header);
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        var transport = HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
                .endpoint(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery()).requestBuilder(request)
                .connectTimeout(timeout).build();
        McpAsyncClient c = McpClient.async(transport).requestTimeout(timeout).initializationTimeout(timeout).build();
        c.initialize().block(timeout);
        return c;
    }

    private Object call(McpAsyncClient c, String name, JsonValue input, ToolContext context) throws Exception {
        Map<String, Object> args = input == null || input.getValueType() != JsonValue.ValueType.OBJECT ? Map.of()
                : JSON.readValue(input.toString(), new TypeRef<Map<String, Object>>() { });
        CompletableFuture<McpSchema.CallToolResult> call = c.callTool(new McpSchema.CallToolRequest(name, args)).toFuture();
        McpSchema.CallToolResult result;
        try (AbortSignal.Registration onStop = context.abort().onAbort(() -> call.cancel(true))) {
            result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("The MCP tool " + name + " did not answer within " + timeout.toSeconds() + " s.");
        } catch (CancellationException e) {
            throw new IllegalStateException("Stopped before the MCP tool " + name + " answered.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) { // the client's own request timeout, the same limit
                throw new IllegalStateException("The MCP tool " + name + " did not answer within " + timeout.toSeconds() + " s.");
            }
            throw new IllegalStateException("The MCP tool " + name + " failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException(text(result).isEmpty() ? "The MCP tool " + name + " failed." : text(result));
        }
        return result.structuredContent() != null ? parse(JSON.writeValueAsString(result.structuredContent()))
                : Json.createValue(text(result));
    }

    private static String text(McpSchema.CallToolResult result) {
        StringBuilder b = new StringBuilder();
        for (McpSchema.Content c : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (c instanceof McpSchema.TextContent t) {
                b.append(b.isEmpty() ? "" : "\n").append(t.text());
            }
        }
        return b.toString();
    }

    private static JsonObject schema(McpSchema.Tool remote) {
        try {
            JsonValue v = parse(JSON.writeValueAsString(remote.inputSchema()));
            return v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject()
                    : Json.createObjectBuilder().add("type", "object").build();
        } catch (IOException e) {
            throw new IllegalStateException("The input schema of MCP tool " + remote.name() + " is not JSON", e);
        }
    }

    /** Model providers accept 1-64 letters, digits, _ and -; MCP names may hold more (dots, slashes). */
    static String localName(String remote) {
        String n = remote.replaceAll("[^A-Za-z0-9_-]", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    private static JsonValue parse(String json) {
        try (var r = Json.createReader(new StringReader(json))) {
            return r.readValue();
        }
    }
}
