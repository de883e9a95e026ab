package dev.parley.telemetry.control;

import dev.parley.agent.model.Usage;
import dev.parley.telemetry.entity.ModelCall;
import dev.parley.platform.LogFields;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

import java.util.ArrayList;
import java.util.List;

/**
 * The span of one turn, current on the run's thread while the turn runs, so the model and tool calls the agent makes
 * become its children and add their usage to it; meanwhile every log line of the thread carries the turn's run, number
 * and trace ({@link LogFields}). Chunks are counted from the writer's flushing thread, hence the synchronisation.
 * Closing it (always on the turn's thread) ends the span, clears the log fields and records the turn's metrics.
 * It also keeps what each model call cost, which the turn-complete stores with the turn's trace id ({@link TurnTraces}).
 */
public final class TurnSpan implements AutoCloseable {

    private static final ContextKey<TurnSpan> KEY = ContextKey.named("parley.turn");

    private final Span span;
    private final Scope scope;
    private final String agent;
    private final long startedNanos = System.nanoTime();
    private long firstChunkNanos;
    private long chunks;
    private Usage usage = Usage.ZERO;
    private String finishReason;
    private final List<ModelCall> modelCalls = new ArrayList<>();

    /** Model calls kept per turn; a turn looping past its step limits keeps its first ones. */
    static final int MAX_MODEL_CALLS = 100;

    private static final List<String> LOG_FIELDS = List.of("parley_chat", "parley_run", "parley_turn", "trace_id");

    private TurnSpan(Span span, TurnTracing.Turn t) {
        this.span = span;
        this.agent = t.agent();
        this.scope = Context.root().with(span).with(KEY, this).makeCurrent();
        LogFields.put("parley_chat", t.chatId());
        LogFields.put("parley_run", t.runId());
        LogFields.put("parley_turn", Integer.toString(t.number()));
        if (span.getSpanContext().isValid()) {
            LogFields.put("trace_id", span.getSpanContext().getTraceId());
        }
    }

    /** The turn whose thread this is, or null. */
    public static TurnSpan current() {
        return Context.current().get(KEY);
    }

    /**
     * Starts a turn's span as a child of {@code parent} (the request that woke the run; a new trace if null) with a
     * link to {@code previous}, the run's turn before (across a suspension, the one before it).
     */
    static TurnSpan start(TurnTracing.Turn t, SpanContext parent, SpanContext previous) {
        SpanBuilder b = Telemetry.instruments().tracer.spanBuilder("turn " + t.agent()).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(Telemetry.AGENT, t.agent())
                .setAttribute("parley.chat", t.chatId())
                .setAttribute("parley.session", t.sessionId())
                .setAttribute("parley.run", t.runId())
                .setAttribute("parley.turn.number", t.number())
                .setAttribute("parley.turn.trigger", t.trigger());
        if (parent != null && parent.isValid()) {
            b.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            b.setNoParent();
        }
        if (previous != null && previous.isValid()) {
            b.addLink(previous, Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("parley.link"), "previous turn"));
        }
        return new TurnSpan(b.startSpan(), t);
    }

    public SpanContext context() {
        return span.getSpanContext();
    }

    /** {@code n} chunks of this turn were handed to {@code .out}. */
    public synchronized void chunks(int n) {
        if (chunks == 0 && n > 0) {
            firstChunkNanos = System.nanoTime();
        }
        chunks += n;
    }

    synchronized void add(Usage u) {
        usage = usage.plus(u);
    }

    synchronized void modelCall(ModelCall call) {
        if (modelCalls.size() < MAX_MODEL_CALLS) {
            modelCalls.add(call);
        }
    }

    /** The turn's model calls so far, in the order they ended. */
    public synchronized List<ModelCall> modelCalls() {
        return List.copyOf(modelCalls);
    }

    /** The usage the turn's model calls reported so far. */
    public synchronized Usage usage() {
        return usage;
    }

    void completed(String reason, boolean stopped, String error) {
        finishReason = reason;
        span.setAttribute("parley.turn.stopped", stopped);
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error);
            Telemetry.instruments().errors.add(1, Attributes.of(Telemetry.KIND, "turn"));
        }
    }

    @Override
    public void close() {
        Telemetry.Instruments i = Telemetry.instruments();
        Attributes byAgent = Attributes.of(Telemetry.AGENT, agent);
        synchronized (this) {
            span.setAttribute("parley.tokens.input", usage.inputTokens());
            span.setAttribute("parley.tokens.output", usage.outputTokens());
            span.setAttribute("parley.tokens.cached", usage.cacheReadTokens());
            span.setAttribute("parley.turn.chunks", chunks);
            if (chunks > 0) {
                double ttfc = (firstChunkNanos - startedNanos) / 1e9;
                span.setAttribute("parley.turn.time_to_first_chunk_ms", Math.round(ttfc * 1000));
                i.timeToFirstChunk.record(ttfc, byAgent);
                i.chunks.add(chunks, byAgent);
            }
        }
        String reason = finishReason == null ? "none" : finishReason;
        span.setAttribute(Telemetry.FINISH_REASON, reason);
        i.turns.add(1, byAgent.toBuilder().put(Telemetry.FINISH_REASON, reason).build());
        LOG_FIELDS.forEach(LogFields::remove);
        scope.close();
        span.end();
    }
}
