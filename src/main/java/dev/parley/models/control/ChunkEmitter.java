package dev.parley.models.control;

import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.platform.Ids;

import java.util.function.Consumer;

/**
 * The single way the tool loop emits chunks. Each chunk is applied to the turn's {@link MessageAccumulator} before
 * it reaches the sink, so a chunk the client's reducer would refuse fails here, on the server, instead of breaking
 * the browser; and the loop always knows the assistant message exactly as the client will hold it.
 */
final class ChunkEmitter {

    private final Consumer<UIMessageChunk> sink;
    private final MessageAccumulator message;
    private final String idPrefix = Ids.random(8) + "-";
    private int counter;

    ChunkEmitter(Consumer<UIMessageChunk> sink, UIMessage continued) {
        this.sink = sink;
        this.message = new MessageAccumulator(continued);
    }

    void emit(UIMessageChunk chunk) {
        message.accept(chunk);
        sink.accept(chunk);
    }

    UIMessage message() {
        return message.message();
    }

    /** A part id unique within the message (text and reasoning parts). */
    String nextId() {
        return idPrefix + ++counter;
    }
}
