package dev.parley.console.control;

import dev.parley.agent.model.Usage;
import dev.parley.streams.entity.StreamRecord;
import dev.parley.telemetry.entity.ModelCall;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnTimelineTest {

    private static StreamRecord chunk(long seq, long ts, String json) {
        return new StreamRecord(seq, ts, null, "{\"data\":" + json + ",\"id\":\"r" + seq + "\"}");
    }

    private static StreamRecord turnComplete(long seq, long ts, long inSeq) {
        return new StreamRecord(seq, ts, "[[\"trigger-control\",\"turn-complete\"],[\"public-access-token\",\"tok-secret\"],"
                + "[\"session-in-event-id\",\"" + inSeq + "\"]]", null);
    }

    private static final StreamRecord USER = new StreamRecord(4, 1_000, null, "{\"data\":"
            + "\"{\\\"kind\\\":\\\"message\\\",\\\"payload\\\":{\\\"trigger\\\":\\\"submit-message\\\"}}\",\"id\":\"u\"}");

    /** A turn with a tool-calling model call (one tool answered, one failed) and a text answer. */
    private static List<StreamRecord> toolTurn() {
        return List.of(
                chunk(10, 1_250, "{\"type\":\"start\",\"messageId\":\"m1\"}"),
                chunk(11, 1_250, "{\"type\":\"start-step\"}"),
                chunk(12, 1_400, "{\"type\":\"tool-input-start\",\"toolCallId\":\"c1\",\"toolName\":\"weather\"}"),
                chunk(13, 1_500, "{\"type\":\"tool-input-available\",\"toolCallId\":\"c1\",\"toolName\":\"weather\",\"input\":{\"city\":\"Bern\"}}"),
                chunk(14, 1_500, "{\"type\":\"tool-input-available\",\"toolCallId\":\"c2\",\"toolName\":\"time\",\"input\":{\"zone\":\"CET\"}}"),
                chunk(15, 1_530, "{\"type\":\"tool-output-available\",\"toolCallId\":\"c1\",\"output\":\"Sunny in Bern\"}"),
                chunk(16, 1_560, "{\"type\":\"tool-output-error\",\"toolCallId\":\"c2\",\"errorText\":\"no clock\"}"),
                chunk(17, 1_600, "{\"type\":\"finish-step\"}"),
                chunk(18, 1_700, "{\"type\":\"start-step\"}"),
                chunk(19, 1_800, "{\"type\":\"text-start\",\"id\":\"t\"}"),
                chunk(20, 1_800, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"Hello, \"}"),
                chunk(21, 1_850, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"world\"}"),
                chunk(22, 1_850, "{\"type\":\"text-end\",\"id\":\"t\"}"),
                chunk(23, 1_900, "{\"type\":\"finish-step\"}"),
                chunk(24, 1_900, "{\"type\":\"finish\",\"finishReason\":\"stop\"}"),
                turnComplete(25, 2_000, 4));
    }

    @Test
    void stepsAreTheModelCallsWithTheirDurationsAndWhatEachWrote() {
        JsonObject t = TurnTimeline.of(toolTurn(), USER);
        assertEquals(10, t.getInt("fromSeq"));
        assertEquals(25, t.getInt("toSeq"));
        assertTrue(t.getBoolean("complete"));
        assertEquals(750, t.getInt("durationMs"), "first record to turn-complete");
        assertEquals("finish", t.getString("end"));
        assertEquals("stop", t.getString("finishReason"));
        assertEquals("m1", t.getString("messageId"));
        JsonArray steps = t.getJsonArray("steps");
        assertEquals(2, steps.size());
        assertEquals(350, steps.getJsonObject(0).getInt("durationMs"));
        assertEquals(List.of("c1", "c2"), steps.getJsonObject(0).getJsonArray("toolCalls").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(0, steps.getJsonObject(0).getInt("textChars"));
        assertEquals(200, steps.getJsonObject(1).getInt("durationMs"));
        assertEquals("Hello, world".length(), steps.getJsonObject(1).getInt("textChars"));
    }

    @Test
    void toolCallsCarryNameInputOutputOrErrorAndTheTimeFromInputToResult() {
        JsonArray tools = TurnTimeline.of(toolTurn(), USER).getJsonArray("tools");
        assertEquals(2, tools.size());
        JsonObject weather = tools.getJsonObject(0);
        assertEquals("weather", weather.getString("toolName"));
        assertEquals("{\"city\":\"Bern\"}", weather.getString("input"));
        assertEquals("Sunny in Bern", weather.getString("output"));
        assertEquals("output-available", weather.getString("state"));
        assertEquals(30, weather.getInt("durationMs"));
        assertEquals(0, weather.getInt("step"));
        assertFalse(weather.getBoolean("startedInEarlierTurn"));
        JsonObject time = tools.getJsonObject(1);
        assertEquals("output-error", time.getString("state"));
        assertEquals("no clock", time.getString("error"));
        assertTrue(time.isNull("output"));
    }

    @Test
    void theAnsweredMessageGivesTheTimeToFirstChunk() {
        JsonObject t = TurnTimeline.of(toolTurn(), USER);
        assertEquals(250, t.getInt("timeToFirstChunkMs"));
        assertEquals(4, t.getJsonObject("answered").getInt("seq"));
        assertEquals("message", t.getJsonObject("answered").getString("kind"));
        assertEquals("submit-message", t.getJsonObject("answered").getString("trigger"));
        JsonObject unknown = TurnTimeline.of(toolTurn(), null);
        assertTrue(unknown.isNull("answered"));
        assertTrue(unknown.isNull("timeToFirstChunkMs"), "without the .in record there is nothing to measure from");
    }

    @Test
    void anApprovalWaitEndsTheTurnAndItsAnswerLandsInALaterTurnsTimeline() {
        List<StreamRecord> waiting = List.of(
                chunk(30, 5_000, "{\"type\":\"start\",\"messageId\":\"m2\"}"),
                chunk(31, 5_000, "{\"type\":\"start-step\"}"),
                chunk(32, 5_100, "{\"type\":\"tool-input-available\",\"toolCallId\":\"c9\",\"toolName\":\"refund\",\"input\":{\"amount\":5}}"),
                chunk(33, 5_100, "{\"type\":\"tool-approval-request\",\"approvalId\":\"a9\",\"toolCallId\":\"c9\"}"),
                chunk(34, 5_150, "{\"type\":\"finish-step\"}"),
                chunk(35, 5_150, "{\"type\":\"finish\",\"finishReason\":\"tool-calls\"}"),
                turnComplete(36, 5_200, 7));
        JsonObject w = TurnTimeline.of(waiting, null).getJsonArray("tools").getJsonObject(0);
        assertEquals("approval-requested", w.getString("state"));
        assertEquals(5_100, w.getInt("approvalRequestedAt"));
        assertTrue(w.isNull("durationMs"));

        List<StreamRecord> approved = List.of(
                chunk(37, 9_000, "{\"type\":\"start\",\"messageId\":\"m2\"}"),
                chunk(38, 9_010, "{\"type\":\"tool-output-available\",\"toolCallId\":\"c9\",\"output\":{\"refunded\":5}}"),
                chunk(39, 9_020, "{\"type\":\"finish\"}"),
                turnComplete(40, 9_030, 8));
        JsonObject a = TurnTimeline.of(approved, null).getJsonArray("tools").getJsonObject(0);
        assertTrue(a.getBoolean("startedInEarlierTurn"));
        assertEquals("output-available", a.getString("state"));
        assertEquals("{\"refunded\":5}", a.getString("output"));
    }

    @Test
    void anErrorOrAStopIsTheTurnsEndAndATurnWithoutTurnCompleteIsStillRunning() {
        List<StreamRecord> failed = List.of(
                chunk(1, 10, "{\"type\":\"start\"}"),
                chunk(2, 10, "{\"type\":\"start-step\"}"),
                chunk(3, 20, "{\"type\":\"finish-step\"}"),
                chunk(4, 20, "{\"type\":\"error\",\"errorText\":\"provider said 500\"}"),
                chunk(5, 20, "{\"type\":\"finish\",\"finishReason\":\"error\"}"),
                turnComplete(6, 30, 0));
        JsonObject f = TurnTimeline.of(failed, null);
        assertEquals("error", f.getString("end"));
        assertEquals("provider said 500", f.getJsonArray("errors").getJsonObject(0).getString("text"));

        List<StreamRecord> running = List.of(chunk(1, 10, "{\"type\":\"start\"}"), chunk(2, 10, "{\"type\":\"start-step\"}"),
                chunk(3, 15, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"par\"}"));
        JsonObject r = TurnTimeline.of(running, null);
        assertFalse(r.getBoolean("complete"));
        assertTrue(r.isNull("endedAt"));
        assertTrue(r.isNull("end"));
        assertTrue(r.getJsonArray("steps").getJsonObject(0).isNull("durationMs"), "the open model call has no end yet");
        assertEquals(3, r.getJsonArray("steps").getJsonObject(0).getInt("textChars"));

        List<StreamRecord> stopped = List.of(chunk(1, 10, "{\"type\":\"start\"}"), chunk(2, 12, "{\"type\":\"abort\"}"),
                turnComplete(3, 13, 1));
        assertEquals("abort", TurnTimeline.of(stopped, null).getString("end"));
    }

    @Test
    void chunksAreCountedByTypeListedReadablyAndTheWriteTokenIsNeverShown() {
        JsonObject chunks = TurnTimeline.of(toolTurn(), USER).getJsonObject("chunks");
        assertEquals(16, chunks.getInt("count"));
        assertEquals(2, chunks.getJsonObject("byType").getInt("text-delta"));
        assertEquals(1, chunks.getJsonObject("byType").getInt("control:turn-complete"));
        JsonArray records = chunks.getJsonArray("records");
        assertEquals(16, records.size());
        assertEquals("Bern", records.getJsonObject(3).getJsonObject("chunk").getJsonObject("input").getString("city"),
                "a chunk is listed as JSON, not as escaped text");
        String control = records.getJsonObject(15).toString();
        assertTrue(control.contains("session-in-event-id"), control);
        assertFalse(control.contains("tok-secret"), control);
    }

    @Test
    void longInputsAreSummarisedAndDeltasBeyondTheListAreOnlyCounted() {
        List<StreamRecord> records = new ArrayList<>();
        records.add(chunk(0, 0, "{\"type\":\"start-step\"}"));
        records.add(chunk(1, 0, "{\"type\":\"tool-input-available\",\"toolCallId\":\"c\",\"toolName\":\"echo\",\"input\":\""
                + "x".repeat(1_000) + "\"}"));
        for (int i = 0; i < TurnTimeline.LISTED + 50; i++) {
            records.add(chunk(2 + i, 1, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"a\"}"));
        }
        JsonObject t = TurnTimeline.of(records, null);
        assertEquals(TurnTimeline.SUMMARY, t.getJsonArray("tools").getJsonObject(0).getString("input").length());
        assertEquals(TurnTimeline.LISTED, t.getJsonObject("chunks").getJsonArray("records").size());
        assertEquals(52, t.getJsonObject("chunks").getInt("unlistedDeltas"));
        assertEquals(TurnTimeline.LISTED + 50, t.getJsonArray("steps").getJsonObject(0).getInt("textChars"),
                "unlisted deltas still count toward their step");
    }

    /** The two model calls of {@link #toolTurn()} as the turn stored them: a retried tool call, then the answer. */
    private static JsonArray storedCalls() {
        return Json.createArrayBuilder()
                .add(new ModelCall("openai", "gpt", new Usage(2_048, 40, 1_024, 0, 0), 310, 1, "closed", null).toJson())
                .add(new ModelCall("openai", "gpt", new Usage(19, 3, 0, 0, 0), 180, 0, "closed", null).toJson())
                .build();
    }

    @Test
    void storedModelCallsGiveEachStepItsProviderModelTokensDurationAndRetries() {
        JsonObject t = TurnTimeline.of(toolTurn(), USER, storedCalls());
        JsonObject first = t.getJsonArray("steps").getJsonObject(0).getJsonObject("modelCall");
        assertEquals("openai", first.getString("provider"));
        assertEquals("gpt", first.getString("model"));
        assertEquals(2_048, first.getInt("inputTokens"));
        assertEquals(40, first.getInt("outputTokens"));
        assertEquals(1_024, first.getInt("cachedTokens"));
        assertEquals(310, first.getInt("durationMs"), "the call's own time, not the step's commit timestamps");
        assertEquals(1, first.getInt("retries"));
        JsonObject second = t.getJsonArray("steps").getJsonObject(1).getJsonObject("modelCall");
        assertEquals(19, second.getInt("inputTokens"));
        assertEquals(0, second.getInt("retries"));
        assertEquals(2, t.getJsonArray("modelCalls").size());
    }

    @Test
    void modelCallsThatDoNotMatchTheStepsOneToOneAreListedButSetOnNoStep() {
        JsonArray one = Json.createArrayBuilder().add(storedCalls().get(1)).build();
        JsonObject t = TurnTimeline.of(toolTurn(), USER, one);
        assertTrue(t.getJsonArray("steps").getJsonObject(0).isNull("modelCall"));
        assertTrue(t.getJsonArray("steps").getJsonObject(1).isNull("modelCall"));
        assertEquals(1, t.getJsonArray("modelCalls").size());

        JsonObject unknown = TurnTimeline.of(toolTurn(), USER);
        assertTrue(unknown.isNull("modelCalls"), "nothing stored for the turn");
        assertTrue(unknown.getJsonArray("steps").getJsonObject(0).isNull("modelCall"));
    }

    @Test
    void aModelCallWithoutUsageOrProviderHasNullsNotZeros() {
        JsonObject demo = new ModelCall(null, "demo", null, 12, null, null, "x".repeat(1_000)).toJson();
        assertTrue(demo.isNull("provider"));
        assertTrue(demo.isNull("inputTokens"), "no usage reported is not zero tokens");
        assertTrue(demo.isNull("retries"), "retries are known for providers behind Fault Tolerance only");
        assertEquals(300, demo.getString("error").length(), "a provider's error page is cut");
    }
}
