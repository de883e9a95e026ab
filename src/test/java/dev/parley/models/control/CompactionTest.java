package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Compaction;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.Usage;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CompactionTest {

    private static final Compaction.Summarizer FIXED = (older, abort) -> new Compaction.Summary("S", Usage.of(1, 1));

    private static final List<ModelMessage> HISTORY = List.of(
            ModelMessage.User.text("q1"),
            new ModelMessage.Assistant(List.of(new Content.ToolCall("c1", "t", Json.createObjectBuilder().build()))),
            new ModelMessage.ToolResults(List.of(new Content.ToolResult("c1", "t", Json.createValue("r"), false))),
            new ModelMessage.Assistant(List.of(new Content.Text("a1"))),
            ModelMessage.User.text("q2"),
            new ModelMessage.Assistant(List.of(new Content.ToolCall("c2", "t", Json.createObjectBuilder().build()))),
            new ModelMessage.ToolResults(List.of(new Content.ToolResult("c2", "t", Json.createValue("r"), false))),
            new ModelMessage.Assistant(List.of(new Content.Text("a2"))));

    @Test
    void underTheThresholdNothingChanges() {
        assertNull(new Compaction(1000, 2, FIXED, null).compact(null, HISTORY, List.of(), 999, new AbortSignal()));
    }

    @Test
    void theKeptTailNeverStartsWithAnOrphanedToolResult() {
        Compaction.Result r = new Compaction(100, 3, FIXED, null).compact(null, HISTORY, List.of(), 100, new AbortSignal());
        assertEquals(new ModelMessage.System(Compaction.SUMMARY_PREFIX + "S"), r.messages().getFirst());
        assertEquals(ModelMessage.User.text("q2"), r.messages().get(1), "cut moved back from the tool result to q2");
        assertEquals(5, r.messages().size());
    }

    @Test
    void withoutAnEarlierUserMessageThereIsNothingToFold() {
        assertNull(new Compaction(1, 100, FIXED, null).compact(null, HISTORY, List.of(), 5, new AbortSignal()));
    }

    @Test
    void theModelSummarizerAsksTheModelAndCountsItsUsage() {
        ScriptedModel model = new ScriptedModel(List.of(new ModelEvent.TextDelta(" short summary "),
                new ModelEvent.Finish(FinishReason.STOP, Usage.of(40, 4))));
        Compaction.Summary s = Compaction.modelSummarizer(model).summarize(HISTORY.subList(0, 4), new AbortSignal());
        assertEquals("short summary", s.text());
        assertEquals(Usage.of(40, 4), s.usage());
        assertEquals(ModelMessage.User.text("Write the summary now."), model.requests.getFirst().messages().getLast());
    }
}
