package dev.parley.telemetry.control;

import dev.parley.agent.model.Usage;
import dev.parley.telemetry.entity.ModelCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * Parley's spans and instruments, on the OpenTelemetry that MicroProfile Telemetry provides (a no-op one while
 * telemetry is off, the default). Static because the tool loop and the providers are plain classes that agents
 * also use outside the container; {@link dev.parley.telemetry.boundary.TelemetryStart} installs the server's instance
 * at deployment.
 */
public final class Telemetry {

    static final String SCOPE = "dev.parley";
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("parley.agent");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("parley.model");
    static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("type");
    static final AttributeKey<String> FINISH_REASON = AttributeKey.stringKey("parley.turn.finish_reason");

    private static volatile Instruments instruments = new Instruments(OpenTelemetry.noop());

    private Telemetry() {
    }

    public static void install(OpenTelemetry otel) {
        instruments = new Instruments(otel);
    }

    static Instruments instruments() {
        return instruments;
    }

    public static Meter meter() {
        return instruments.meter;
    }

    /** A model call of the current turn (one step of the tool loop). */
    public static Call modelCall(String model) {
        Span span = instruments.tracer.spanBuilder("model " + model).setSpanKind(SpanKind.CLIENT)
                .setAttribute(MODEL, model).startSpan();
        return new Call(span, "model", model);
    }

    /** One tool execution of the current turn. */
    public static Call toolCall(String tool, boolean approved) {
        Span span = instruments.tracer.spanBuilder("tool " + tool).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("parley.tool.name", tool).setAttribute("parley.tool.approved", approved).startSpan();
        return new Call(span, "tool", null);
    }

    /** The current model call goes to a provider of this kind over the network (retries and breaker apply). */
    public static void provider(String kind) {
        Call call = Call.current();
        if (call != null) {
            call.provider = kind;
            call.span.setAttribute("parley.model.provider", kind);
        }
    }

    /** Fault Tolerance is about to try the provider (again): the model call's span counts its retries. */
    public static void providerAttempt() {
        Call call = Call.current();
        if (call != null) {
            call.attempts++;
        }
    }

    /** The provider's circuit breaker refused the call. */
    public static void breakerOpen() {
        Call call = Call.current();
        if (call != null) {
            call.breakerOpen = true;
        }
    }

    /** A model or tool call in progress; closing it ends its span (and makes the turn current again). */
    public static final class Call implements AutoCloseable {
        private static final ContextKey<Call> KEY = ContextKey.named("parley.call");

        private final Span span;
        private final Scope scope;
        private final String kind;
        private final String model;
        /** The turn this call belongs to, for its record of model calls; null outside a turn. */
        private final TurnSpan turn;
        private final long startedNanos = System.nanoTime();
        private String provider;
        private int attempts;
        private boolean breakerOpen;
        private Usage usage;
        private String error;

        Call(Span span, String kind, String model) {
            this.span = span;
            this.kind = kind;
            this.model = model;
            this.turn = TurnSpan.current();
            this.scope = Context.current().with(span).with(KEY, this).makeCurrent();
        }

        static Call current() {
            return Context.current().get(KEY);
        }

        /** The usage a model reported: on the span, in the tokens metric, and added to the turn's total. */
        public void usage(Usage usage) {
            if (usage == null) {
                return;
            }
            this.usage = usage;
            span.setAttribute("parley.tokens.input", usage.inputTokens());
            span.setAttribute("parley.tokens.output", usage.outputTokens());
            span.setAttribute("parley.tokens.cached", usage.cacheReadTokens());
            Instruments i = instruments;
            Attributes byModel = Attributes.of(MODEL, model);
            i.tokens.add(usage.inputTokens(), byModel.toBuilder().put(TOKEN_TYPE, "input").build());
            i.tokens.add(usage.outputTokens(), byModel.toBuilder().put(TOKEN_TYPE, "output").build());
            i.tokens.add(usage.cacheReadTokens(), byModel.toBuilder().put(TOKEN_TYPE, "cached").build());
            if (turn != null) {
                turn.add(usage);
            }
        }

        public void failed(Throwable error) {
            this.error = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            span.setStatus(StatusCode.ERROR, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
            span.setAttribute("error.type", error.getClass().getName());
            instruments.errors.add(1, Attributes.of(KIND, kind));
        }

        @Override
        public void close() {
            Integer retries = provider == null ? null : Math.max(0, attempts - 1);
            String breaker = provider == null ? null : breakerOpen ? "open" : "closed";
            if (provider != null) {
                span.setAttribute("parley.model.retries", retries.longValue());
                span.setAttribute("parley.model.breaker", breaker);
            }
            if ("model".equals(kind) && turn != null) {
                turn.modelCall(new ModelCall(provider, model, usage, (System.nanoTime() - startedNanos) / 1_000_000,
                        retries, breaker, error));
            }
            scope.close();
            span.end();
        }
    }

    /** The instruments, made once per installed OpenTelemetry. */
    static final class Instruments {
        final Tracer tracer;
        final Meter meter;
        final LongCounter turns;
        final DoubleHistogram timeToFirstChunk;
        final LongCounter chunks;
        final LongCounter tokens;
        final LongCounter errors;

        Instruments(OpenTelemetry otel) {
            tracer = otel.getTracer(SCOPE);
            meter = otel.getMeter(SCOPE);
            turns = meter.counterBuilder("parley.turns").setDescription("Turns completed").setUnit("{turn}").build();
            timeToFirstChunk = meter.histogramBuilder("parley.turn.time_to_first_chunk")
                    .setDescription("Time from a turn's start to its first chunk on .out").setUnit("s").build();
            chunks = meter.counterBuilder("parley.chunks").setDescription("Chunks written to .out by turns")
                    .setUnit("{chunk}").build();
            tokens = meter.counterBuilder("parley.tokens").setDescription("Tokens reported by the models, by model and type")
                    .setUnit("{token}").build();
            errors = meter.counterBuilder("parley.errors").setDescription("Failed turns, model calls and tool calls, by kind")
                    .setUnit("{error}").build();
        }
    }
}
