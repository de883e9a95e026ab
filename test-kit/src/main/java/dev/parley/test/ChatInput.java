package dev.parley.test;

import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.chat.control.UIMessageCodec;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The {@code .in} records a client of one chat sends, in the wire shape the server's routes write them: so the
 * offline turn loop reads exactly what it reads on a server.
 */
final class ChatInput {

    private final String chatId;

    ChatInput(String chatId) {
        this.chatId = chatId;
    }

    String submit(UIMessage message, JsonValue clientData) {
        return input(withClientData(payload("submit-message").add("message", UIMessageCodec.toJson(message)), clientData));
    }

    String action(JsonValue action, JsonValue clientData) {
        return input(withClientData(payload("action").add("action", action), clientData));
    }

    String regenerate(String messageId) {
        return input(payload("regenerate-message").add("messageId", messageId));
    }

    String close() {
        return input(payload("close"));
    }

    static String stop() {
        return Json.createObjectBuilder().add("kind", "stop").build().toString();
    }

    /**
     * The client's copy of {@code last} with the tool call {@code toolCallId} answered, as a client resubmits it; the
     * call must be in the state {@code waiting} describes.
     */
    static UIMessage answered(UIMessage last, String toolCallId, Predicate<UIPart.Tool> waiting,
                              UnaryOperator<UIPart.Tool> answer) {
        List<UIPart> parts = new ArrayList<>();
        boolean found = false;
        for (UIPart p : last.parts()) {
            boolean answered = p instanceof UIPart.Tool t && t.toolCallId().equals(toolCallId) && waiting.test(t);
            parts.add(answered ? answer.apply((UIPart.Tool) p) : p);
            found |= answered;
        }
        if (!found) {
            throw new IllegalStateException("the last answer has no tool call " + toolCallId + " waiting for the client");
        }
        return last.withParts(parts);
    }

    private static JsonObjectBuilder withClientData(JsonObjectBuilder payload, JsonValue clientData) {
        return clientData == null ? payload : payload.add("metadata", clientData);
    }

    private JsonObjectBuilder payload(String trigger) {
        return Json.createObjectBuilder().add("chatId", chatId).add("trigger", trigger);
    }

    private static String input(JsonObjectBuilder payload) {
        return Json.createObjectBuilder().add("kind", "message").add("payload", payload).build().toString();
    }
}
