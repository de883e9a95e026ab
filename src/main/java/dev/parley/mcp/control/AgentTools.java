package dev.parley.mcp.control;

import dev.parley.agents.control.AgentDescriptor;
import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.platform.JsonValues;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The MCP tools (issue 16): their names, descriptions and input schemas, and the translation between MCP calls and
 * {@link McpChats}. Every call resolves its own caller; a refusal or bad argument is a JSON-RPC error whose message
 * says what to change, a turn that ended in an error is a tool result with {@code isError}.
 */
@ApplicationScoped
public class AgentTools {

    /** The transport-context key of the {@link Caller} the request authenticated as. */
    public static final String CALLER = "parley.caller";
    /** How long {@code send_agent_message} waits for the turn's end. */
    public static final int ANSWER_SECONDS = 300;

    private static final int FORBIDDEN = -32003;
    private static final int NOT_FOUND = -32004;
    private static final int CONFLICT = -32009;

    @Inject
    McpChats chats;

    public List<SyncToolSpecification> specifications(McpJsonMapper mapper) {
        return List.of(
                tool(mapper, "list_agents", "Lists the agents deployed on this server that this credential may chat with.",
                        "{}", List.of(), this::listAgents),
                tool(mapper, "start_agent_chat", "Starts a chat with an agent (its run boots and waits for the first message). "
                                + "Returns the chatId to pass to send_agent_message.",
                        """
                        {"agentId":{"type":"string","description":"the agent's id, from list_agents"},
                         "chatId":{"type":"string","description":"optional: your own chat id (reusing one continues that chat)"},
                         "clientData":{"type":"object","description":"optional: the agent's client data, as a browser would send"}}""",
                        List.of("agentId"), this::start),
                tool(mapper, "send_agent_message", "Sends a user message to a chat and waits for the agent's answer: "
                                + "its text and the tools it called.",
                        """
                        {"chatId":{"type":"string"},"message":{"type":"string","description":"the user's message"},
                         "clientData":{"type":"object","description":"optional: client data for this turn"}}""",
                        List.of("chatId", "message"), this::send),
                tool(mapper, "get_chat_history", "Reads a chat's messages as of its last completed turn.",
                        "{\"chatId\":{\"type\":\"string\"}}", List.of("chatId"), this::history),
                tool(mapper, "close_agent_chat", "Closes a chat: its run ends and no further message is accepted.",
                        "{\"chatId\":{\"type\":\"string\"},\"reason\":{\"type\":\"string\"}}", List.of("chatId"), this::close));
    }

    private JsonObject listAgents(Caller caller, JsonObject args) {
        var list = JsonValues.PROVIDER.createArrayBuilder();
        for (AgentDescriptor a : chats.agents(caller)) {
            list.add(JsonValues.PROVIDER.createObjectBuilder().add("id", a.id())
                    .add("idleTimeoutSeconds", a.idleTimeoutSeconds()).add("maxTurns", a.maxTurns()));
        }
        return JsonValues.PROVIDER.createObjectBuilder().add("agents", list).build();
    }

    private JsonObject start(Caller caller, JsonObject args) {
        McpChats.Started s = chats.start(caller, string(args, "agentId", true), chatId(args, false), object(args, "clientData"));
        return JsonValues.PROVIDER.createObjectBuilder().add("chatId", s.chatId()).add("sessionId", s.sessionId())
                .add("agentId", s.agentId()).add("runId", s.runId()).add("existing", s.existing()).build();
    }

    private JsonObject send(Caller caller, JsonObject args) {
        String chatId = chatId(args, true);
        String message = string(args, "message", true);
        long maxMillis = ANSWER_SECONDS * 1000L;
        try {
            TurnAnswer answer = chats.send(caller, chatId, message, object(args, "clientData"), maxMillis);
            String failure = answer.failure(maxMillis);
            if (failure != null) {
                throw new TurnFailed(failure, answer.toJson(chatId));
            }
            return answer.toJson(chatId);
        } catch (IOException e) {
            throw new IllegalStateException("Reading the answer failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the answer", e);
        }
    }

    private JsonObject history(Caller caller, JsonObject args) {
        String chatId = chatId(args, true);
        return JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId).add("messages", chats.history(caller, chatId)).build();
    }

    private JsonObject close(Caller caller, JsonObject args) {
        String chatId = chatId(args, true);
        boolean closed = chats.close(caller, chatId, string(args, "reason", false));
        return JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId).add("closed", true)
                .add("alreadyClosed", !closed).build();
    }

    /** A turn that ended without an answer: the partial answer goes back as an error result. */
    private static final class TurnFailed extends RuntimeException {
        final JsonObject partial;

        TurnFailed(String message, JsonObject partial) {
            super(message, null, false, false);
            this.partial = partial;
        }
    }

    private static SyncToolSpecification tool(McpJsonMapper mapper, String name, String description, String properties,
                                              List<String> required, BiFunction<Caller, JsonObject, JsonObject> handler) {
        var requiredJson = JsonValues.PROVIDER.createArrayBuilder();
        required.forEach(requiredJson::add);
        String schema = JsonValues.PROVIDER.createObjectBuilder().add("type", "object")
                .add("properties", Bodies.parse(properties)).add("required", requiredJson).build().toString();
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(mapper, schema).build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> call(mapper, exchange, request, handler)).build();
    }

    private static CallToolResult call(McpJsonMapper mapper, McpSyncServerExchange exchange, CallToolRequest request,
                                       BiFunction<Caller, JsonObject, JsonObject> handler) {
        if (!(exchange.transportContext().get(CALLER) instanceof Caller caller)) {
            throw error(-32001, "Unauthorized: send a Parley secret key or an environment token as a Bearer credential");
        }
        try {
            JsonObject args = request.arguments() == null ? JsonValue.EMPTY_JSON_OBJECT
                    : Bodies.parse(mapper.writeValueAsString(request.arguments())).asJsonObject();
            return result(mapper, handler.apply(caller, args), false);
        } catch (TurnFailed e) {
            return CallToolResult.builder().addTextContent(e.getMessage()).isError(true)
                    .structuredContent(mapper, e.partial.toString()).build();
        } catch (ApiException e) {
            throw error(code(e.status()), e.status() == 403
                    ? "Forbidden: this credential's scopes do not allow " + request.name() + " with these arguments"
                    : e.getMessage());
        } catch (IOException e) {
            throw error(McpSchema.ErrorCodes.INVALID_PARAMS, "The arguments are not JSON: " + e.getMessage());
        }
    }

    private static CallToolResult result(McpJsonMapper mapper, JsonObject json, boolean isError) {
        return CallToolResult.builder().addTextContent(json.toString()).structuredContent(mapper, json.toString())
                .isError(isError).build();
    }

    private static int code(int status) {
        return switch (status) {
            case 400, 413, 422 -> McpSchema.ErrorCodes.INVALID_PARAMS;
            case 401 -> -32001;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            default -> McpSchema.ErrorCodes.INTERNAL_ERROR;
        };
    }

    private static McpError error(int code, String message) {
        return McpError.builder(code).message(message).build();
    }

    private static String chatId(JsonObject args, boolean required) {
        String id = string(args, "chatId", required);
        if (id != null && (id.isBlank() || id.length() > 256 || id.startsWith("session_") && !required)) {
            throw ApiException.badRequest("chatId must be 1 to 256 characters (and a new one must not start with \"session_\")");
        }
        return id;
    }

    private static String string(JsonObject args, String key, boolean required) {
        JsonValue v = args.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw ApiException.badRequest(key + " is required");
            }
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.badRequest(key + " must be a string");
        }
        return args.getString(key);
    }

    private static JsonObject object(JsonObject args, String key) {
        JsonValue v = args.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest(key + " must be an object");
        }
        return v.asJsonObject();
    }
}
