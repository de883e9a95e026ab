package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Compaction;
import dev.parley.agent.Description;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.Models;
import dev.parley.agent.PrepareMessages;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.StreamResult;
import dev.parley.agent.Tool;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.Usage;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.models.control.ScriptedModel.text;
import static dev.parley.models.control.ScriptedModel.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolLoopTest {

    record Weather(@Description("City name") String city) {
    }

    record Forecast(String city, int celsius) {
    }

    private final AtomicInteger weatherRuns = new AtomicInteger();

    private final Tool weather = Tool.of("weather", "Current weather", Weather.class, (in, ctx) -> {
        weatherRuns.incrementAndGet();
        return new Forecast(in.city(), 3);
    });

    private static final List<UIMessage> ASK = List.of(UIMessage.user("u1", "Weather in Bern?"));

    private static StreamRequest.Builder request(Tool... tools) {
        return StreamRequest.builder().system("Be brief.").messages(ASK).tools(tools).messageId("m1");
    }

    /** The tool results the model was shown in its last call. */
    private static List<Content.ToolResult> resultsSeen(ScriptedModel model) {
        List<Content.ToolResult> results = new ArrayList<>();
        model.requests.getLast().messages().forEach(m -> {
            if (m instanceof ModelMessage.ToolResults r) {
                results.addAll(r.results());
            }
        });
        return results;
    }

    @Test
    void aPlainAnswerIsOneStep() {
        ScriptedModel model = new ScriptedModel(text("It is cold.", 7, 3));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(request().build(), chunks);
        chunks.assertValid();
        assertEquals(List.of("start", "start-step", "text-start", "text-delta", "text-delta", "text-delta",
                "text-end", "finish-step", "finish"), chunks.types());
        assertEquals("m1", ((UIMessageChunk.Start) chunks.chunks.getFirst()).messageId());
        assertEquals(FinishReason.STOP, result.finishReason());
        assertEquals(1, result.steps());
        assertEquals(Usage.of(7, 3), result.usage());
        assertEquals("It is cold.", result.message().text());
        assertEquals("Be brief.", model.requests.getFirst().system());
    }

    @Test
    void multiStepToolUseFeedsResultsBackAndSumsUsage() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"ci", "ty\":\"Bern\"}"),
                text("3 degrees.", 20, 4));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(request(weather).build(), chunks);
        chunks.assertValid();
        assertEquals(List.of("start", "start-step", "tool-input-start", "tool-input-delta", "tool-input-delta",
                "tool-input-available", "tool-output-available", "finish-step", "start-step", "text-start",
                "text-delta", "text-delta", "text-end", "finish-step", "finish"), chunks.types());
        assertEquals(1, weatherRuns.get());
        assertEquals(Json.createObjectBuilder().add("city", "Bern").add("celsius", 3).build(),
                chunks.all(UIMessageChunk.ToolOutputAvailable.class).getFirst().output());
        Content.ToolResult seen = resultsSeen(model).getFirst();
        assertEquals("c1", seen.toolCallId());
        assertFalse(seen.error());
        assertEquals(2, result.steps());
        assertEquals(Usage.of(30, 9), result.usage());
        assertEquals(FinishReason.STOP, result.finishReason());
        assertEquals(List.of(ModelMessage.Assistant.class, ModelMessage.ToolResults.class,
                ModelMessage.Assistant.class), result.responseMessages().stream().map(Object::getClass).toList());
        assertEquals("weather", model.requests.getFirst().tools().getFirst().name());
    }

    @Test
    void theStepLimitEndsALoopingModel() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"),
                toolCall("c2", "weather", "{\"city\":\"Bern\"}"), toolCall("c3", "weather", "{\"city\":\"Bern\"}"),
                text("never", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(request(weather).maxSteps(3).build(), chunks);
        chunks.assertValid();
        assertEquals(3, model.requests.size());
        assertEquals(3, result.steps());
        assertEquals(3, weatherRuns.get());
        assertEquals(FinishReason.TOOL_CALLS, result.finishReason());
    }

    @Test
    void invalidArgumentsBecomeAToolInputErrorTheModelReads() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"town\":5}"), text("Sorry.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        model.streamText(request(weather).build(), chunks);
        chunks.assertValid();
        assertTrue(chunks.types().contains("tool-input-error"));
        assertFalse(chunks.types().contains("tool-input-available"));
        assertEquals(0, weatherRuns.get(), "an invalid call never runs");
        UIMessageChunk.ToolInputError error = chunks.all(UIMessageChunk.ToolInputError.class).getFirst();
        assertTrue(error.errorText().contains("$: required property 'city' not found"), error.errorText());
        assertTrue(error.errorText().contains("$: property 'town' is not defined"), error.errorText());
        Content.ToolResult seen = resultsSeen(model).getFirst();
        assertTrue(seen.error());
        assertTrue(seen.output().toString().contains("$: required property 'city' not found"));
    }

    @Test
    void malformedJsonAndUnknownToolsAreInputErrorsToo() {
        ScriptedModel model = new ScriptedModel(List.of(
                new ModelEvent.ToolCallStart("c1", "weather"), new ModelEvent.ToolCallDelta("c1", "{\"city\":"),
                new ModelEvent.ToolCallEnd("c1"),
                new ModelEvent.ToolCallStart("c2", "teleport"), new ModelEvent.ToolCallDelta("c2", "{}"),
                new ModelEvent.ToolCallEnd("c2"),
                new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.ZERO)), text("Ok.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(request(weather).build(), chunks);
        chunks.assertValid();
        List<UIMessageChunk.ToolInputError> errors = chunks.all(UIMessageChunk.ToolInputError.class);
        assertEquals(2, errors.size());
        assertEquals(Json.createValue("{\"city\":"), errors.get(0).input(), "raw text when it is not JSON");
        assertTrue(errors.get(1).errorText().contains("no tool named teleport"));
        assertEquals(2, resultsSeen(model).size());
        UIPart.Tool part = (UIPart.Tool) result.message().parts().get(1);
        assertEquals(ToolState.OUTPUT_ERROR, part.state());
    }

    @Test
    void aFailingToolIsAnOutputErrorAndTheLoopGoesOn() {
        Tool broken = Tool.of("weather", "w", Weather.class, (in, ctx) -> {
            throw new IllegalStateException("station offline");
        });
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"), text("Hm.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        model.streamText(request(broken).build(), chunks);
        chunks.assertValid();
        assertEquals("station offline", chunks.all(UIMessageChunk.ToolOutputError.class).getFirst().errorText());
        assertTrue(resultsSeen(model).getFirst().error());
        assertEquals(2, model.requests.size());
    }

    @Test
    void anApprovalRequestEndsTheTurnAndAnApprovalContinuesIt() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"), text("3 degrees.", 1, 1));
        ChunkSequence first = new ChunkSequence();
        StreamResult paused = model.streamText(request(weather.needsApproval()).build(), first);
        first.assertValid();
        assertEquals(List.of("start", "start-step", "tool-input-start", "tool-input-delta", "tool-input-available",
                "tool-approval-request", "finish-step", "finish"), first.types());
        assertEquals(FinishReason.TOOL_CALLS, paused.finishReason());
        assertEquals(0, weatherRuns.get());
        assertEquals(1, model.requests.size());
        UIPart.Tool requested = (UIPart.Tool) paused.message().parts().get(1);
        assertEquals(ToolState.APPROVAL_REQUESTED, requested.state());

        String approvalId = first.all(UIMessageChunk.ToolApprovalRequest.class).getFirst().approvalId();
        List<UIMessage> history = MessageMerge.upsert(List.of(ASK.getFirst(), paused.message()), slim(
                "{\"type\":\"tool-weather\",\"toolCallId\":\"c1\",\"state\":\"approval-responded\","
                        + "\"approval\":{\"id\":\"" + approvalId + "\",\"approved\":true}}"));
        ChunkSequence second = new ChunkSequence();
        StreamResult done = model.streamText(request(weather.needsApproval()).messages(history).build(), second);
        second.assertValid();
        assertEquals(List.of("start", "tool-output-available", "start-step", "text-start", "text-delta",
                "text-delta", "text-end", "finish-step", "finish"), second.types());
        assertEquals("m1", ((UIMessageChunk.Start) second.chunks.getFirst()).messageId(), "same message continues");
        assertEquals(1, weatherRuns.get());
        assertFalse(resultsSeen(model).getFirst().error());
        assertEquals(FinishReason.STOP, done.finishReason());
        UIPart.Tool executed = (UIPart.Tool) done.message().parts().get(1);
        assertEquals(ToolState.OUTPUT_AVAILABLE, executed.state());
        assertEquals("3 degrees.", done.message().text());
    }

    @Test
    void aDenialIsReportedToTheClientAndTheModel() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"), text("Okay.", 1, 1));
        StreamResult paused = model.streamText(request(weather.needsApproval()).build(), c -> { });
        String approvalId = ((UIPart.Tool) paused.message().parts().get(1)).approval().id();
        List<UIMessage> history = MessageMerge.upsert(List.of(ASK.getFirst(), paused.message()), slim(
                "{\"type\":\"tool-weather\",\"toolCallId\":\"c1\",\"state\":\"approval-responded\","
                        + "\"approval\":{\"id\":\"" + approvalId + "\",\"approved\":false,\"reason\":\"not now\"}}"));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult done = model.streamText(request(weather.needsApproval()).messages(history).build(), chunks);
        chunks.assertValid();
        assertEquals("tool-output-denied", chunks.types().get(1));
        assertEquals(0, weatherRuns.get());
        Content.ToolResult seen = resultsSeen(model).getFirst();
        assertTrue(seen.error());
        assertTrue(seen.output().toString().contains("not now"));
        assertEquals(ToolState.OUTPUT_DENIED, ((UIPart.Tool) done.message().parts().get(1)).state());
    }

    @Test
    void aClientSideToolPausesUntilItsResultArrives() {
        Tool ask = Tool.clientSide("askUser", "Ask the user", Weather.class);
        ScriptedModel model = new ScriptedModel(toolCall("c1", "askUser", "{\"city\":\"?\"}"), text("Thanks.", 1, 1));
        ChunkSequence first = new ChunkSequence();
        StreamResult paused = model.streamText(request(ask).build(), first);
        first.assertValid();
        assertEquals(FinishReason.TOOL_CALLS, paused.finishReason());
        assertEquals("tool-input-available", first.types().get(first.types().size() - 3));

        List<UIMessage> history = MessageMerge.upsert(List.of(ASK.getFirst(), paused.message()), slim(
                "{\"type\":\"tool-askUser\",\"toolCallId\":\"c1\",\"state\":\"output-available\",\"output\":\"Bern\"}"));
        ChunkSequence second = new ChunkSequence();
        StreamResult done = model.streamText(request(ask).messages(history).build(), second);
        second.assertValid();
        assertEquals(2, model.requests.size());
        assertEquals(Json.createValue("Bern"), resultsSeen(model).getFirst().output());
        assertEquals(FinishReason.STOP, done.finishReason());
    }

    @Test
    void aContinuationStillMissingAClientResultDoesNotCallTheModel() {
        Tool ask = Tool.clientSide("askUser", "Ask the user", Weather.class);
        ScriptedModel model = new ScriptedModel(List.of(
                new ModelEvent.ToolCallStart("c1", "askUser"), new ModelEvent.ToolCallDelta("c1", "{\"city\":\"a\"}"),
                new ModelEvent.ToolCallEnd("c1"), new ModelEvent.ToolCallStart("c2", "askUser"),
                new ModelEvent.ToolCallDelta("c2", "{\"city\":\"b\"}"), new ModelEvent.ToolCallEnd("c2"),
                new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.ZERO)));
        StreamResult paused = model.streamText(request(ask).build(), c -> { });
        List<UIMessage> history = MessageMerge.upsert(List.of(ASK.getFirst(), paused.message()), slim(
                "{\"type\":\"tool-askUser\",\"toolCallId\":\"c1\",\"state\":\"output-available\",\"output\":1}"));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult again = model.streamText(request(ask).messages(history).build(), chunks);
        chunks.assertValid();
        assertEquals(List.of("start", "finish"), chunks.types());
        assertEquals(FinishReason.TOOL_CALLS, again.finishReason());
        assertEquals(1, model.requests.size());
    }

    @Test
    void aModelFailureBecomesAnErrorChunkThenFinish() {
        LanguageModel failing = new LanguageModel() {
            public String name() {
                return "failing";
            }

            public void stream(dev.parley.agent.model.ModelRequest r, dev.parley.agent.AbortSignal a,
                               java.util.function.Consumer<ModelEvent> events) {
                events.accept(new ModelEvent.ReasoningDelta("Thinking"));
                events.accept(new ModelEvent.TextDelta("Par"));
                throw new ModelException("failing", "failing answered HTTP 500: boom", 500, true, null);
            }
        };
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = failing.streamText(request().build(), chunks);
        chunks.assertValid();
        assertEquals(List.of("start", "start-step", "reasoning-start", "reasoning-delta", "reasoning-end",
                "text-start", "text-delta", "text-end", "finish-step", "error", "finish"), chunks.types());
        assertEquals("failing answered HTTP 500: boom", result.errorText());
        assertEquals(FinishReason.ERROR, ((UIMessageChunk.Finish) chunks.chunks.getLast()).finishReason());
    }

    @Test
    void reasoningSignaturesTravelInProviderMetadataAndBackToTheModel() {
        ScriptedModel model = new ScriptedModel(List.of(new ModelEvent.ReasoningDelta("Check the weather."),
                new ModelEvent.ReasoningSignature("sig-9"), new ModelEvent.ToolCallStart("c1", "weather"),
                new ModelEvent.ToolCallDelta("c1", "{\"city\":\"Bern\"}"), new ModelEvent.ToolCallEnd("c1"),
                new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.ZERO)), text("Cold.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        model.streamText(request(weather).build(), chunks);
        chunks.assertValid();
        UIMessageChunk.ReasoningEnd end = chunks.all(UIMessageChunk.ReasoningEnd.class).getFirst();
        assertEquals("sig-9", end.providerMetadata().getJsonObject("anthropic").getString("signature"));
        ModelMessage.Assistant sent = (ModelMessage.Assistant) model.requests.getLast().messages().get(1);
        assertEquals(new Content.Reasoning("Check the weather.", "sig-9", null), sent.content().getFirst());
    }

    @Test
    void prepareMessagesRunsBeforeEveryCall() {
        List<Integer> steps = new ArrayList<>();
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"), text("Ok.", 1, 1));
        model.streamText(request(weather).prepareMessages((step, messages) -> {
            steps.add(step);
            List<ModelMessage> out = new ArrayList<>(messages);
            out.addFirst(ModelMessage.User.text("injected " + step));
            return out;
        }).build(), c -> { });
        assertEquals(List.of(0, 1), steps);
        assertEquals(ModelMessage.User.text("injected 1"), model.requests.get(1).messages().getFirst());
    }

    @Test
    void compactionSummarisesOlderHistoryOnceOverTheThreshold() {
        List<UIMessage> longHistory = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            longHistory.add(UIMessage.user("u" + i, "question " + i));
            longHistory.add(UIMessage.assistant("a" + i, List.of(new UIPart.Text("answer " + i))));
        }
        longHistory.add(UIMessage.user("u9", "latest question"));
        List<Compaction.Compacted> events = new ArrayList<>();
        List<List<ModelMessage>> summarised = new ArrayList<>();
        Compaction compaction = new Compaction(10, 3, (older, abort) -> {
            summarised.add(older);
            return new Compaction.Summary("they asked six questions", Usage.of(100, 10));
        }, events::add);
        ScriptedModel model = new ScriptedModel(text("Answer.", 5, 1));
        StreamResult result = model.streamText(request().messages(longHistory).compaction(compaction).build(), c -> { });
        assertEquals(1, events.size());
        assertEquals(13, events.getFirst().messagesBefore());
        List<ModelMessage> sent = model.requests.getFirst().messages();
        assertEquals(new ModelMessage.System(Compaction.SUMMARY_PREFIX + "they asked six questions"), sent.getFirst());
        assertInstanceOf(ModelMessage.User.class, sent.get(1), "the kept tail starts at a user message");
        assertEquals(ModelMessage.User.text("latest question"), sent.getLast());
        assertEquals(10, summarised.getFirst().size());
        assertEquals(Usage.of(105, 11), result.usage(), "the summary's usage counts");
    }

    @Test
    void prepareMessagesIsToldWhyTheMessagesStartFromASummary() {
        List<UIMessage> history = new ArrayList<>(List.of(UIMessage.user("u0", "question 0"),
                UIMessage.assistant("a0", List.of(new UIPart.Text("answer 0"))), UIMessage.user("u1", "question 1")));
        Compaction compaction = new Compaction(1, 1, (older, abort) -> new Compaction.Summary("one question",
                Usage.ZERO), null);
        List<Compaction.Reason> told = new ArrayList<>();
        PrepareMessages hook = PrepareMessages.withReason((step, messages, compacted) -> {
            told.add(compacted);
            return messages;
        });

        new ScriptedModel(text("Answer.", 5, 1)).streamText(request().messages(history).prepareMessages(hook).build(), c -> { });
        new ScriptedModel(text("Answer.", 5, 1)).streamText(request().messages(history).prepareMessages(hook)
                .compaction(compaction).build(), c -> { });
        Compaction.HistoryCompacted stored = compaction.compactHistory(history, Compaction.Reason.REQUESTED,
                new AbortSignal());
        new ScriptedModel(text("Answer.", 5, 1)).streamText(request().messages(stored.messages()).prepareMessages(hook)
                .build(), c -> { });

        assertEquals(Arrays.asList(null, Compaction.Reason.WITHIN_TURN, Compaction.Reason.REQUESTED), told);
    }

    @Test
    void toolsCanStreamDataPartsBeforeTheirOutput() {
        Tool progress = Tool.of("weather", "w", Weather.class, (in, ctx) -> {
            ctx.write("progress", "p1", Json.createValue("fetching " + in.city()));
            return "done";
        });
        ScriptedModel model = new ScriptedModel(toolCall("c1", "weather", "{\"city\":\"Bern\"}"), text("Ok.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(request(progress).build(), chunks);
        chunks.assertValid();
        int data = chunks.types().indexOf("data-progress");
        assertTrue(data > 0 && data < chunks.types().indexOf("tool-output-available"));
        assertTrue(result.message().parts().contains(new UIPart.Data("progress", "p1", Json.createValue("fetching Bern"))));
    }

    @Test
    void theDemoModelChatsAndCallsToolsOutOfTheBox() {
        LanguageModel demo = Models.demo().defaultModel();
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = demo.streamText(StreamRequest.builder()
                .messages(List.of(UIMessage.user("u1", "/tool weather {\"city\":\"Bern\"}"))).tools(weather).build(), chunks);
        chunks.assertValid();
        assertEquals(1, weatherRuns.get());
        assertEquals(2, result.steps());
        assertTrue(result.message().text().contains("\"celsius\":3"), result.message().text());
    }

    private static UIMessage slim(String part) {
        return UIMessageCodec.parse("{\"id\":\"m1\",\"role\":\"assistant\",\"parts\":[" + part + "]}");
    }
}
