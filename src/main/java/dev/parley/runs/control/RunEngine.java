package dev.parley.runs.control;

import dev.parley.agent.Agent;
import dev.parley.agent.Lifecycle;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import dev.parley.agents.control.TurnPhases;
import dev.parley.agents.control.TypedPayloads;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.control.ChatSessions;
import dev.parley.sessions.control.RunStartingAppend;
import dev.parley.store.control.ChatStores;
import dev.parley.store.entity.RunFence;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.control.TurnTail;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    TypedPayloads payloads;
    @Inject
    ChatSessions chatSessions;
    @Inject
    RunStartingAppend runStartingAppend;
    @Inject
    GroupCommit groupCommit;
    @Inject
    TurnTail turnTail;
    @Inject
    ChatStores chatStores;
    @Inject
    AppVersion version;

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
        Optional<RunRow> taken = rows.take(runId, node(), version.current());
        if (taken.isEmpty()) {
            return;
        }
        RunRow row = taken.get();
        AgentDescriptor agent = registry.find(row.agentId()).orElse(null);
        Agent body = agent == null ? null : registry.instance(agent);
        LiveRun run = new LiveRun(ports(row), row, agent, body);
        live.put(runId, run);
        run.wake();
    }

    /**
     * Whether the run is in this node's memory: it hears of new records from the hub. A run leaves it when it ends or
     * suspends, and a suspending run re-checks {@code .in} after that, so a record it missed still wakes it.
     */
    boolean runsHere(String runId) {
        return live.containsKey(runId);
    }

    /** The production collaborators of a run taken by this node. */
    private RunPorts ports(RunRow row) {
        StoredRun stored = new StoredRun(new StoredRun.Beans(rows, reader, hub, groupCommit, turnRecords, snapshots,
                handoff, dispatch, version), row, node(), r -> live.remove(r.runId(), r));
        return new RunPorts(stored, stored, new Timers(), executor, stored, new Phases(), payloads::check,
                answerMillis -> new ChildChats(this, row, 2, answerMillis),
                new StoredChatStore(chatStores, row.sessionId(), new RunFence(row.runId(), row.friendlyId(), node())),
                new RunPorts.Periods(periods.maxAttempts(), periods.turnGraceMs(), periods.leaseMs()), System::nanoTime);
    }

    /** This node's identity as a lease owner. */
    String node() {
        return identity.owner();
    }

    /**
     * Idle timeouts on the engine's scheduler: like the run they time out, they live in this node's memory only (a
     * timer lost with its node does not matter, the reaper recovers the run).
     */
    private final class Timers implements RunPorts.Timers {
        @Override
        public void armIdle(int generation, int seconds, Consumer<Integer> expired) {
            scheduler.schedule(() -> expired.accept(generation), seconds, TimeUnit.SECONDS);
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    }

    /** The loop's phases go through the intercepted {@link TurnPhases}, where the agent's hooks run. */
    private final class Phases implements RunPorts.Phases {
        @Override
        public void reach(Lifecycle moment, AgentDescriptor agent) {
            phases.reach(moment, agent);
        }

        @Override
        public <T> T enter(Lifecycle moment, AgentDescriptor agent, Callable<T> work) throws Exception {
            return phases.enter(moment, agent, work);
        }
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
