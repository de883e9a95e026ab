package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.ToolSpec;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoModelTest {

    private static final String SAID = "Does \"this\" survive {verbatim}?  Ünïcode ✓";

    private static List<ModelEvent> run(DemoModel model, ModelRequest request) {
        List<ModelEvent> events = new ArrayList<>();
        model.stream(request, new AbortSignal(), events::add);
        return events;
    }

    private static String text(List<ModelEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(e instanceof ModelEvent.TextDelta d ? d.text() : ""));
        return sb.toString();
    }

    @Test
    void repliesWithTheLastUserMessageVerbatimWordByWord() {
        List<ModelEvent> events = run(new DemoModel("default", Duration.ZERO),
                new ModelRequest(null, List.of(ModelMessage.User.text("earlier"), ModelMessage.User.text(SAID))));
        assertTrue(text(events).contains(SAID), text(events));
        assertTrue(events.size() > 6, "streamed in many deltas");
        ModelEvent.Finish finish = assertInstanceOf(ModelEvent.Finish.class, events.getLast());
        assertEquals(FinishReason.STOP, finish.reason());
        assertTrue(finish.usage().inputTokens() > 0 && finish.usage().outputTokens() == events.size() - 1);
        assertEquals(events, run(new DemoModel("default", Duration.ZERO),
                new ModelRequest(null, List.of(ModelMessage.User.text("earlier"), ModelMessage.User.text(SAID)))),
                "deterministic");
    }

    @Test
    void askedToContinueAnUnfinishedAnswerItStreamsOnlyTheRest() {
        List<ModelEvent> events = run(new DemoModel("default", Duration.ZERO), new ModelRequest(null, List.of(
                ModelMessage.User.text("one two three four"),
                new ModelMessage.Assistant(List.of(new Content.Text("You said: one two "))))));
        assertEquals("three four", text(events));
        assertInstanceOf(ModelEvent.Finish.class, events.getLast());
    }

    @Test
    void pacesWordsAtTheConfiguredRate() {
        DemoModel paced = new DemoModel("default", Duration.ofMillis(30));
        long start = System.nanoTime();
        List<ModelEvent> events = run(paced, new ModelRequest(null, List.of(ModelMessage.User.text("one two three four"))));
        long elapsed = System.nanoTime() - start;
        long gaps = events.stream().filter(e -> e instanceof ModelEvent.TextDelta).count() - 1;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(30 * gaps), "elapsed " + elapsed / 1_000_000 + " ms");
    }

    @Test
    void anAbortStopsThePacedReplyAtOnce() throws Exception {
        DemoModel slow = new DemoModel("default", Duration.ofSeconds(5));
        AbortSignal abort = new AbortSignal();
        List<ModelEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstWord = new CountDownLatch(1);
        CompletableFuture<Void> call = CompletableFuture.runAsync(() ->
                slow.stream(new ModelRequest(null, List.of(ModelMessage.User.text("a b c"))), abort, e -> {
                    events.add(e);
                    firstWord.countDown();
                }));
        assertTrue(firstWord.await(10, TimeUnit.SECONDS), "the first word goes out at once");
        abort.abort();
        call.get(4, TimeUnit.SECONDS); // well inside the 5 s before the second word
        assertEquals(1, events.size(), "only the first word went out");
    }

    @Test
    void callsAnOfferedToolOnCommandAndReportsItsResult() {
        ModelRequest command = new ModelRequest(null, List.of(ModelMessage.User.text("/tool weather {\"city\":\"Bern\"}")),
                List.of(new ToolSpec("weather", "", JsonValues.parseObject("{\"type\":\"object\"}"))), null);
        List<ModelEvent> events = run(new DemoModel("default", Duration.ZERO), command);
        assertEquals(new ModelEvent.ToolCallStart("demo_call_1", "weather"), events.getFirst());
        StringBuilder args = new StringBuilder();
        events.forEach(e -> args.append(e instanceof ModelEvent.ToolCallDelta d ? d.argumentsDelta() : ""));
        assertEquals("{\"city\":\"Bern\"}", args.toString());
        assertEquals(FinishReason.TOOL_CALLS, ((ModelEvent.Finish) events.getLast()).reason());

        ModelRequest afterTool = new ModelRequest(null, List.of(ModelMessage.User.text("/tool weather {}"),
                new ModelMessage.ToolResults(List.of(new Content.ToolResult("demo_call_1", "weather",
                        Json.createValue("sunny"), false)))));
        assertEquals("The tool weather returned: sunny", text(run(new DemoModel("default", Duration.ZERO), afterTool)));
    }

    @Test
    void aToolCommandWithoutThatToolIsJustEchoed() {
        String said = "/tool launchMissiles {}";
        assertTrue(text(run(new DemoModel("default", Duration.ZERO),
                new ModelRequest(null, List.of(ModelMessage.User.text(said))))).contains(said));
    }
}
