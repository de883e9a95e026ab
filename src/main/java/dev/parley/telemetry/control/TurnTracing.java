package dev.parley.telemetry.control;

import dev.parley.agent.Lifecycle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries trace context from the request that wakes a run to the turn that answers it, which runs later on another
 * thread: an append notes its request's span under the session, and the session's next turn takes it as its parent.
 * Each run's last turn span is kept too, so the run's next turn — also after a suspension and resume on this node —
 * links to it. Both live in memory only: a turn taken by another node starts a trace of its own. Bounded, because a
 * noted request may never be answered (the run is gone) and ended runs are not told apart from suspended ones.
 * Static, like {@link Telemetry}: the turn loop is plain Java that also runs without a container (the test kit).
 */
@ApplicationScoped
public class TurnTracing {

    /** Entries kept at most per map; past it the map is cleared (losing at worst some parents and links). */
    static final int MAX_ENTRIES = 10_000;

    /** What a turn's span says about it. */
    public record Turn(String agent, String chatId, String sessionId, String runId, int number, String trigger) {
    }

    private static final Map<String, SpanContext> REQUESTS = new ConcurrentHashMap<>();
    private static final Map<String, SpanContext> LAST_TURNS = new ConcurrentHashMap<>();

    /** Called on the thread of a request that appended input to {@code sessionId}. */
    public void requestAppended(String sessionId) {
        SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            put(REQUESTS, sessionId, current);
        }
    }

    /** Starts the turn's span on the calling (run) thread; close it on the same thread. */
    public static TurnSpan start(Turn turn) {
        TurnSpan span = TurnSpan.start(turn, REQUESTS.remove(turn.sessionId()), LAST_TURNS.get(turn.runId()));
        if (span.context().isValid()) {
            put(LAST_TURNS, turn.runId(), span.context());
        }
        return span;
    }

    void completed(@Observes Lifecycle.TurnComplete e) {
        TurnSpan span = TurnSpan.current();
        if (span != null) {
            span.completed(e.finishReason(), e.stopped(), e.error());
        }
    }

    private static void put(Map<String, SpanContext> map, String key, SpanContext value) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        map.put(key, value);
    }
}
