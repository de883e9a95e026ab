package dev.parley.aisdk.control;

import dev.parley.streams.control.Subscription;
import dev.parley.streams.entity.StreamRecord;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.ArrayList;
import java.util.List;

/**
 * The AI SDK's UI message stream (decision D17): every event is {@code data: <UIMessageChunk JSON>} with no event
 * name, the heartbeat is an SSE comment (the client parses every {@code data:} as a chunk, whatever the event name),
 * and the stream ends with {@code data: [DONE]} at the turn's end. If the client leaves while its turn streams,
 * {@code onAbandoned} decides what happens to the turn. Only data chunks go out: control records, and with them the
 * access token of a {@code turn-complete}, never reach this stream's readers.
 */
public final class UiMessageStream implements Subscription.Framing {

    private final TurnCut cut;
    private final Runnable onAbandoned;

    public UiMessageStream(TurnCut cut, Runnable onAbandoned) {
        this.cut = cut;
        this.onAbandoned = onAbandoned;
    }

    @Override
    public List<OutboundSseEvent> events(List<StreamRecord> records, Sse sse, long highestKnownSeq) {
        List<String> chunks = cut.accept(records);
        List<OutboundSseEvent> events = new ArrayList<>(chunks.size());
        for (String c : chunks) {
            events.add(sse.newEventBuilder().data(c).build());
        }
        return events;
    }

    @Override
    public OutboundSseEvent ping(Sse sse, long highestKnownSeq) {
        return sse.newEventBuilder().comment("keep-alive").build();
    }

    @Override
    public boolean complete() {
        return cut.complete();
    }

    @Override
    public void abandoned() {
        if (cut.streaming()) {
            onAbandoned.run();
        }
    }
}
