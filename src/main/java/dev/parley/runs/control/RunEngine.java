package dev.parley.runs.control;

import dev.parley.agent.Agent;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import dev.parley.agents.control.TurnPhases;
import dev.parley.agents.control.TypedPayloads;
import dev.parley.runs.boundary.IdleTimers;
import dev.parley.runs.entity.RunRow;
import dev.parley.streams.control.Appender;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.TailHub;
import dev.parley.telemetry.control.TurnTracing;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs this node executes. A run is taken from the queue with a compare-and-set (so exactly one node holds it),
 * kept in memory while it streams or waits, and its lease is renewed well inside its length ({@link RunPeriods}); a
 * node that dies stops renewing and the reaper recovers its runs elsewhere.
 */
@ApplicationScoped
public class RunEngine {

    private static final Logger LOG = Logger.getLogger(RunEngine.class.getName());

    @Inject
    RunRows rows;
    @Inject
    RunPeriods periods;
    @Inject
    NodeIdentity identity;
    @Inject
    Snapshots snapshots;
    @Inject
    RecordReader reader;
    @Inject
    TailHub hub;
    @Inject
    Appender appender;
    @Inject
    TurnRecords turnRecords;
    @Inject
    TurnPhases phases;
    @Inject
    AgentRegistry registry;
    @Inject
    RunDispatch dispatch;
    @Inject
    RunHandoff handoff;
    @Inject
    IdleTimers idleTimers;
    @Inject
    TypedPayloads payloads;

    @Inject
    dev.parley.sessions.control.ChatSessions chatSessions;

    @Inject
    dev.parley.sessions.control.RunStartingAppend runStartingAppend;

    @Inject
    dev.parley.streams.control.GroupCommit groupCommit;

    @Inject
    dev.parley.streams.control.TurnTail turnTail;

    @Inject
    TurnTracing tracing;

    @Resource(lookup = "concurrent/parley/runs")
    ManagedExecutorService executor;

    @Resource(lookup = "concurrent/parley/timer")
    ManagedScheduledExecutorService scheduler;

    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
    private ScheduledFuture<?> renewal;

    @PostConstruct
    void init() {
        int every = periods.renewSeconds();
        renewal = scheduler.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void shutdown() {
        if (renewal != null) {
            renewal.cancel(false);
        }
        live.values().forEach(r -> {
            try {
                r.shutdown();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not suspend " + r.runId() + " at shutdown; the reaper will recover it", e);
            }
        });
    }

    /** A run message arrived: take the run if it is PENDING or SUSPENDED, and start it here. */
    public void take(String runId) {
        Optional<RunRow> taken = rows.take(runId, node());
        if (taken.isEmpty()) {
            return;
        }
        RunRow row = taken.get();
        AgentDescriptor agent = registry.find(row.agentId()).orElse(null);
        Agent body = agent == null ? null : registry.instance(agent);
        LiveRun run = new LiveRun(this, row, agent, body);
        live.put(runId, run);
        run.wake();
    }

    public void idleExpired(String runId, int generation) {
        LiveRun r = live.get(runId);
        if (r != null) {
            r.idleExpired(generation);
        }
    }

    /** This node's identity as a lease owner. */
    String node() {
        return identity.owner();
    }

    void forget(LiveRun r) {
        live.remove(r.runId(), r);
    }

    private void renew() {
        try {
            List<String> ids = List.copyOf(live.keySet());
            rows.renew(node(), ids);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "lease renewal failed; retrying in " + periods.renewSeconds() + " s", e);
        }
    }
}
