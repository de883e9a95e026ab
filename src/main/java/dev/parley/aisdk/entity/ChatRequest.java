package dev.parley.aisdk.entity;

import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Set;

/**
 * A validated {@code DefaultChatTransport} request body (decision D17): {@code {...body, id, messages, trigger,
 * messageId?}}. The session is the source of truth for the conversation, so of the whole history the client sends
 * only what is new is kept: the trailing message of a {@code submit-message} (a user message, or the last assistant
 * message carrying tool approvals or client-side tool results, slimmed to its resolved tool parts as the trigger.dev
 * transport does), nothing of a {@code regenerate-message}. Every other body field is the agent's client data.
 */
public record ChatRequest(String chatId, String trigger, JsonObject message, String messageId, JsonObject clientData) {

    public static final String SUBMIT = "submit-message";
    public static final String REGENERATE = "regenerate-message";

    private static final Set<String> OWN_FIELDS = Set.of("id", "messages", "trigger", "messageId");
    private static final Set<String> RESOLVED = Set.of("output-available", "output-error", "approval-responded", "output-denied");
    private static final Set<String> SLIM_FIELDS = Set.of("type", "toolCallId", "state", "toolName", "output", "errorText", "approval");

    public static ChatRequest from(JsonObject body) {
        String chatId = chatId(body.get("id"));
        String trigger = body.get("trigger") instanceof JsonString t ? t.getString() : null;
        if (!SUBMIT.equals(trigger) && !REGENERATE.equals(trigger)) {
            throw ApiException.badRequest("trigger must be \"submit-message\" or \"regenerate-message\"");
        }
        JsonValue mid = body.get("messageId");
        if (mid != null && mid.getValueType() != JsonValue.ValueType.NULL
                && !(mid instanceof JsonString s && !s.getString().isEmpty() && s.getString().length() <= 256)) {
            throw ApiException.badRequest("messageId must be a string of 1 to 256 characters");
        }
        String messageId = mid instanceof JsonString s ? s.getString() : null;
        if (!(body.get("messages") instanceof JsonArray messages)) {
            throw ApiException.badRequest("messages must be an array of UI messages");
        }
        JsonObject message = SUBMIT.equals(trigger) ? newest(messages) : null;
        JsonObjectBuilder extra = Json.createObjectBuilder();
        body.forEach((k, v) -> {
            if (!OWN_FIELDS.contains(k)) {
                extra.add(k, v);
            }
        });
        JsonObject clientData = extra.build();
        return new ChatRequest(chatId, trigger, message, messageId, clientData.isEmpty() ? null : clientData);
    }

    /** The {@code .in} record the trigger.dev transport would have appended for the same send. */
    public String inputChunk() {
        JsonObjectBuilder payload = Json.createObjectBuilder();
        if (message != null) {
            payload.add("message", message);
        }
        payload.add("chatId", chatId).add("trigger", trigger);
        if (messageId != null) {
            payload.add("messageId", messageId);
        }
        if (clientData != null) {
            payload.add("metadata", clientData);
        }
        return Json.createObjectBuilder().add("kind", "message").add("payload", payload).build().toString();
    }

    /**
     * A chat id is a session externalId: 1 to 256 visible characters, not a {@code session_…} id, and not {@code .}
     * or {@code ..} (the transport puts it in a URL path to resume).
     */
    public static String chatId(JsonValue v) {
        if (!(v instanceof JsonString s) || !validChatId(s.getString())) {
            throw ApiException.badRequest("id (the chat id) must be 1 to 256 visible characters, not \".\" or \"..\", "
                    + "and not start with \"session_\"");
        }
        return s.getString();
    }

    public static boolean validChatId(String id) {
        return !id.isEmpty() && id.length() <= 256 && !id.startsWith("session_") && !id.equals(".") && !id.equals("..")
                && id.chars().allMatch(c -> c > 0x20 && c != 0x7f);
    }

    private static JsonObject newest(JsonArray messages) {
        if (messages.isEmpty() || !(messages.get(messages.size() - 1) instanceof JsonObject last)) {
            throw ApiException.badRequest("messages must end with the message to answer");
        }
        try {
            UIMessageCodec.fromJson(last);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("The last message is not a valid UI message: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        String role = last.getString("role", "");
        if ("user".equals(role)) {
            return last;
        }
        if ("assistant".equals(role)) {
            JsonObject slim = slim(last);
            if (slim.getJsonArray("parts").isEmpty()) {
                throw ApiException.badRequest("The last message is an assistant message without tool results or "
                        + "approval responses: there is nothing new to answer (use trigger \"regenerate-message\" to retry)");
            }
            return slim;
        }
        throw ApiException.badRequest("The last message must be a user message, or an assistant message with tool results");
    }

    /** {@code {id, role, parts}} with only the resolved tool parts and only their tool-state fields. */
    static JsonObject slim(JsonObject assistant) {
        JsonArrayBuilder parts = Json.createArrayBuilder();
        for (JsonValue p : assistant.getJsonArray("parts")) {
            if (p instanceof JsonObject part && toolPart(part) && RESOLVED.contains(part.getString("state", ""))) {
                JsonObjectBuilder kept = Json.createObjectBuilder();
                part.forEach((k, v) -> {
                    if (SLIM_FIELDS.contains(k)) {
                        kept.add(k, v);
                    }
                });
                parts.add(kept);
            }
        }
        return Json.createObjectBuilder().add("id", assistant.getString("id")).add("role", "assistant")
                .add("parts", parts).build();
    }

    private static boolean toolPart(JsonObject part) {
        String type = part.getString("type", "");
        return (type.startsWith("tool-") || type.equals("dynamic-tool")) && part.get("toolCallId") instanceof JsonString;
    }
}
