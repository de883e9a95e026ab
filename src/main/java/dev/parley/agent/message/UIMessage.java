package dev.parley.agent.message;

import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** An AI SDK {@code UIMessage}: what the browser renders, what snapshots store, what the agent's history holds. */
public record UIMessage(String id, Role role, List<UIPart> parts, JsonValue metadata) {

    public UIMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        parts = List.copyOf(parts);
    }

    public static UIMessage user(String id, String text) {
        return new UIMessage(id, Role.USER, List.of(new UIPart.Text(text)), null);
    }

    public static UIMessage assistant(String id, List<UIPart> parts) {
        return new UIMessage(id, Role.ASSISTANT, parts, null);
    }

    public UIMessage withParts(List<UIPart> newParts) {
        return new UIMessage(id, role, newParts, metadata);
    }

    /** The concatenated text parts, e.g. for a prompt that quotes the user. */
    public String text() {
        return parts.stream().map(p -> p instanceof UIPart.Text t ? t.text() : "").collect(Collectors.joining());
    }
}
