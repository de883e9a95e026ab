package dev.parley.telemetry.boundary;

import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.control.Subscriptions;
import dev.parley.telemetry.control.QueueDepths;
import dev.parley.telemetry.control.RunStates;
import dev.parley.telemetry.control.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installs the server's OpenTelemetry (MicroProfile Telemetry; a no-op one while telemetry is off, which never calls
 * the gauges below) and registers the gauges read at each metric export. The exporter calls them on a thread of its
 * own, so each runs in the application's context (JPA, JMS) through the {@link ContextService}.
 */
@ApplicationScoped
public class TelemetryStart {

    private static final Logger LOG = Logger.getLogger(TelemetryStart.class.getName());
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

    /** Absent on a server without MicroProfile Telemetry: Parley then keeps the no-op instance. */
    @Inject
    Instance<OpenTelemetry> openTelemetry;

    @Inject
    RunStates runStates;

    @Inject
    QueueDepths queues;

    @Inject
    Subscriptions subscriptions;

    @Inject
    GroupCommit groupCommit;

    @Resource
    ContextService contexts;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!openTelemetry.isResolvable()) {
            return;
        }
        Telemetry.install(openTelemetry.get());
        Meter meter = Telemetry.meter();
        Supplier<Map<String, Long>> runs = orElse(contexts.contextualSupplier(this::runsByState), Map.of());
        meter.gaugeBuilder("parley.runs").ofLongs().setDescription("Live runs by state, across the nodes")
                .setUnit("{run}").buildWithCallback(m -> runs.get().forEach((state, n) -> m.record(n, Attributes.of(STATE, state))));
        Supplier<QueueDepths.Depths> depths = orElse(contexts.contextualSupplier(queues::depths), new QueueDepths.Depths(-1, -1));
        meter.gaugeBuilder("parley.runs.queue.depth").ofLongs().setUnit("{message}")
                .setDescription("Run ids waiting in the run queue on this node's messaging engine")
                .buildWithCallback(m -> record(m, depths.get().queued()));
        meter.gaugeBuilder("parley.runs.dead_letter.depth").ofLongs().setUnit("{message}")
                .setDescription("Run ids in the dead-letter queue (taking them failed five times)")
                .buildWithCallback(m -> record(m, depths.get().dead()));
        meter.upDownCounterBuilder("parley.sse.streams.open").setUnit("{stream}")
                .setDescription("SSE streams open on this node").buildWithCallback(m -> m.record(subscriptions.openCount()));
        meter.counterBuilder("parley.group_commit.groups").setUnit("{transaction}")
                .setDescription("Group-commit transactions written").buildWithCallback(m -> m.record(groupCommit.totals().groups()));
        meter.counterBuilder("parley.group_commit.records").setUnit("{record}")
                .setDescription("Appends written by group commit (divided by groups: the mean batch size)")
                .buildWithCallback(m -> m.record(groupCommit.totals().records()));
        meter.counterBuilder("parley.group_commit.time").ofDoubles().setUnit("s")
                .setDescription("Time spent writing group-commit transactions (divided by groups: the mean latency)")
                .buildWithCallback(m -> m.record(groupCommit.totals().nanos() / 1e9));
    }

    /** The application's context is gone once it stops, and the exporter's last collection may come after that. */
    private static <T> Supplier<T> orElse(Supplier<T> contextual, T otherwise) {
        return () -> {
            try {
                return contextual.get();
            } catch (RuntimeException stopped) {
                LOG.log(Level.FINE, "a gauge could not be read", stopped);
                return otherwise;
            }
        };
    }

    /** A count that could not be taken is left out of the export rather than reported as a number. */
    private static void record(ObservableLongMeasurement m, long n) {
        if (n >= 0) {
            m.record(n);
        }
    }

    private Map<String, Long> runsByState() {
        try {
            return runStates.live();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "counting runs for the metrics failed", e); // the next export tries again
            return Map.of();
        }
    }
}
