package dev.parley.agent;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.Usage;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A turn adds up what its model calls report, in all and per model, for the turn-complete and cost attribution. */
class TurnUsageTest {

    @Test
    void aTurnAddsUpTheUsageOfItsStreamsPerModel() {
        Turn turn = turn();
        LanguageModel big = answering("big", new Usage(100, 10, 60, 0, 0));
        LanguageModel small = answering("small", Usage.of(5, 1));

        turn.stream(big, StreamRequest.builder());
        turn.stream(small, StreamRequest.builder());
        turn.stream(big, StreamRequest.builder());
        turn.addUsage("summarizer", Usage.of(7, 2));

        assertEquals(new Usage(212, 23, 120, 0, 0), turn.usage());
        assertEquals(Map.of("big", new Usage(200, 20, 120, 0, 0), "small", Usage.of(5, 1),
                "summarizer", Usage.of(7, 2)), turn.usageByModel());
    }

    @Test
    void aTurnThatCalledNoModelSpentNothing() {
        assertEquals(Usage.ZERO, turn().usage());
        assertEquals(Map.of(), turn().usageByModel());
    }

    private static LanguageModel answering(String name, Usage usage) {
        return DemoModel.scripted(name, request -> List.of(new ModelEvent.TextDelta("ok"),
                new ModelEvent.Finish(FinishReason.STOP, usage)));
    }

    private static Turn turn() {
        List<UIMessageChunk> written = new ArrayList<>();
        return new Turn("a", "chat", "run_1", 1, "msg_1", List.of(UIMessage.user("u1", "hi")), JsonValue.NULL,
                new ChatState(null), written::add, new AbortSignal());
    }
}
