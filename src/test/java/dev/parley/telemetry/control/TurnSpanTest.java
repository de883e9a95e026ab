package dev.parley.telemetry.control;

import dev.parley.agent.model.Usage;
import dev.parley.telemetry.entity.ModelCall;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a turn keeps of its model calls for the console, with telemetry off (the default: no-op spans). */
class TurnSpanTest {

    private static TurnSpan turn() {
        return TurnTracing.start(new TurnTracing.Turn("agent", "chat-1", "session-1", "run_1", 1, "submit-message"));
    }

    @Test
    void aTurnKeepsEachModelCallsProviderTokensRetriesAndErrorButNotItsToolCalls() {
        try (TurnSpan turn = turn()) {
            try (Telemetry.Call call = Telemetry.modelCall("gpt")) {
                Telemetry.provider("openai");
                Telemetry.providerAttempt(); // refused, retried by Fault Tolerance
                Telemetry.providerAttempt();
                call.usage(new Usage(5, 2, 1, 0, 0));
            }
            try (Telemetry.Call ignored = Telemetry.toolCall("weather", false)) {
                assertEquals(1, turn.modelCalls().size(), "a tool call is no model call");
            }
            try (Telemetry.Call call = Telemetry.modelCall("demo")) {
                call.failed(new IllegalStateException("down"));
            }
            List<ModelCall> calls = turn.modelCalls();
            assertEquals(2, calls.size());
            ModelCall first = calls.getFirst();
            assertEquals("openai", first.provider());
            assertEquals("gpt", first.model());
            assertEquals(1, first.retries());
            assertEquals("closed", first.breaker());
            assertEquals(new Usage(5, 2, 1, 0, 0), first.usage());
            assertTrue(first.durationMs() >= 0);
            ModelCall second = calls.get(1);
            assertNull(second.provider(), "not a networked provider");
            assertNull(second.retries());
            assertNull(second.usage());
            assertEquals("down", second.error());
            assertEquals(new Usage(5, 2, 1, 0, 0), turn.usage(), "the turn's total adds the reported usage");
            assertTrue(!turn.context().isValid(), "telemetry off: no trace id to store");
        }
    }

    @Test
    void aTurnKeepsAtMostItsFirstHundredModelCalls() {
        try (TurnSpan turn = turn()) {
            for (int i = 0; i < TurnSpan.MAX_MODEL_CALLS + 5; i++) {
                try (Telemetry.Call ignored = Telemetry.modelCall("m" + i)) {
                    Telemetry.provider("openai");
                }
            }
            assertEquals(TurnSpan.MAX_MODEL_CALLS, turn.modelCalls().size());
            assertEquals("m0", turn.modelCalls().getFirst().model());
        }
    }
}
