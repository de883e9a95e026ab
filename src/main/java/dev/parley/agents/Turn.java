package dev.parley.agents;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One turn as the agent sees it: the conversation so far (ending with the message to answer), the client's data,
 * a writer for UI message chunks, and the stop signal. Chunks written here reach the client's stream as they are
 * written; the turn's {@code start}/{@code finish} framing and its {@code turn-complete} are the runtime's job.
 */
public final class Turn {

    private final String agentId;
    private final String chatId;
    private final String runId;
    private final int number;
    private final String messageId;
    private final List<JsonObject> messages;
    private final JsonValue clientData;
    private final ChatState state;
    private final Consumer<JsonObject> sink;
    private final AtomicBoolean stop;
    private final AtomicInteger parts = new AtomicInteger();
    private volatile boolean endRun;
    private volatile boolean upgrade;

    public Turn(String agentId, String chatId, String runId, int number, String messageId, List<JsonObject> messages,
                JsonValue clientData, ChatState state, Consumer<JsonObject> sink, AtomicBoolean stop) {
        this.agentId = agentId;
        this.chatId = chatId;
        this.runId = runId;
        this.number = number;
        this.messageId = messageId;
        this.messages = List.copyOf(messages);
        this.clientData = clientData == null ? JsonValue.NULL : clientData;
        this.state = state;
        this.sink = sink;
        this.stop = stop;
    }

    public String agentId() {
        return agentId;
    }

    public String chatId() {
        return chatId;
    }

    public String runId() {
        return runId;
    }

    /** 1 for the run's first turn. */
    public int number() {
        return number;
    }

    /** The id of the assistant message this turn produces (sent in its {@code start} chunk). */
    public String messageId() {
        return messageId;
    }

    /** The conversation as UIMessage JSON objects, oldest first. */
    public List<JsonObject> messages() {
        return messages;
    }

    public JsonValue clientData() {
        return clientData;
    }

    public ChatState state() {
        return state;
    }

    /** The newest user message's text parts, joined; empty if there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonObject m = messages.get(i);
            if ("user".equals(m.getString("role", ""))) {
                StringBuilder sb = new StringBuilder();
                for (JsonValue p : m.getJsonArray("parts") == null ? List.<JsonValue>of() : m.getJsonArray("parts")) {
                    if (p instanceof JsonObject o && "text".equals(o.getString("type", "")) && o.get("text") instanceof JsonString s) {
                        sb.append(s.getString());
                    }
                }
                return sb.toString();
            }
        }
        return "";
    }

    /** Writes one UI message chunk (an AI SDK {@code UIMessageChunk}) to the client's stream. */
    public void write(JsonObject chunk) {
        if (!(chunk.get("type") instanceof JsonString)) {
            throw new IllegalArgumentException("a chunk needs a string type: " + chunk);
        }
        sink.accept(chunk);
    }

    /** Streams a text part: {@code text-start}, one {@code text-delta} per call to the returned writer, {@code text-end} on close. */
    public TextWriter text() {
        String id = "t" + parts.incrementAndGet();
        write(Json.createObjectBuilder().add("type", "text-start").add("id", id).build());
        return new TextWriter(id);
    }

    /** True once the client asked to stop (or the turn timed out / the session closed): return promptly. */
    public boolean stopped() {
        return stop.get();
    }

    /** End the run after this turn; the next message continues the chat in a new run. */
    public void endRun() {
        endRun = true;
    }

    /** Hand the chat to a new run (e.g. a newer deployment) after this turn. */
    public void requestUpgrade() {
        upgrade = true;
    }

    public boolean endRunRequested() {
        return endRun;
    }

    public boolean upgradeRequested() {
        return upgrade;
    }

    /** An open text part of this turn. */
    public final class TextWriter implements AutoCloseable {

        private final String id;

        private TextWriter(String id) {
            this.id = id;
        }

        public void append(String delta) {
            write(Json.createObjectBuilder().add("type", "text-delta").add("id", id).add("delta", delta).build());
        }

        @Override
        public void close() {
            write(Json.createObjectBuilder().add("type", "text-end").add("id", id).build());
        }
    }
}
