package dev.parley.chat.entity;

import dev.parley.agent.message.UIMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The conversation as of the last completed turn, plus the two cursors a new run needs to rebuild it:
 * {@code lastOutSeq} (the turn-complete record it covers, replay {@code .out} after it) and {@code lastInSeq}
 * (the highest {@code .in} record consumed). A cursor is null when the channel had no such record yet.
 */
public record Snapshot(List<UIMessage> messages, Long lastOutSeq, Long lastInSeq, Instant savedAt) {

    public Snapshot {
        messages = List.copyOf(messages);
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
