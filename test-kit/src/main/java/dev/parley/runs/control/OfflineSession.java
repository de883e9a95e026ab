package dev.parley.runs.control;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatStore;
import dev.parley.agent.Compaction;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.SubAgent;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.Usage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Ids;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One chat's runs on in-memory collaborators: the way the offline test kit drives the production turn loop
 * ({@link LiveRun}, {@link TurnRunner}) without a server or a database. It plays the parts the engine and PostgreSQL
 * play in production — the session's {@code .in}/{@code .out} records, the run row under a lease, the snapshot, the
 * hand-offs to continuation, upgrade and resumed runs — and nothing more. Not part of the agent API (docs/agents.md):
 * {@code dev.parley.test} is the kit's API; this class changes with the loop.
 */
public final class OfflineSession {

    /** A run of the chat as its row would record it. */
    public record Run(String runId, RunReason reason, boolean resumed, RunStatus status, String endReason,
                      String appVersion) {
    }

    /** How the session reaches the agent: its hooks and payload checks (the kit's {@code OfflinePhases}). */
    public interface Agents {
        void reach(Lifecycle moment, AgentDescriptor agent) throws Exception;

        void checkPayload(String what, JsonValue payload, Class<?> type);
    }

    private final String chatId;
    private final AgentDescriptor agent;
    private final Agent body;
    private final String payload;
    private final RunPorts.Phases phases;
    private final RunPorts.Payloads payloads;
    private final SubAgent subAgents;
    private final ChatStore.Backend store;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;

    final List<StreamRecord> in = new ArrayList<>();
    final List<StreamRecord> out = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    final List<TailHub.Listener> listeners = new ArrayList<>();
    Snapshots.Snapshot snapshot;
    Usage lastTurnUsage = Usage.ZERO;
    Usage totalUsage = Usage.ZERO;
    final List<Compaction.HistoryCompacted> compactions = new ArrayList<>();
    private Row row;
    private Runnable idleTimeout;
    private boolean upgradeWanted;
    /** The application version the chat's "node" runs: new runs record it, a resumed run compares its own with it. */
    private String appVersion;

    /**
     * @param payload the run payload's trigger config ({@code idleTimeoutInSeconds}, {@code maxDuration},
     *                {@code maxAttempts}) as a JSON object text
     */
    public OfflineSession(String chatId, AgentDescriptor agent, Agent body, String payload, Agents agents,
                          SubAgent subAgents, ChatStore.Backend store, Executor executor, ScheduledExecutorService scheduler) {
        this.chatId = chatId;
        this.agent = agent;
        this.body = body;
        this.payload = payload;
        this.phases = new RunPorts.Phases() {
            @Override
            public void reach(Lifecycle moment, AgentDescriptor a) {
                try {
                    agents.reach(moment, a);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }

            @Override
            public <T> T enter(Lifecycle moment, AgentDescriptor a, Callable<T> work)
                    throws Exception {
                agents.reach(moment, a);
                return work.call();
            }
        };
        this.payloads = agents::checkPayload;
        this.subAgents = subAgents;
        this.store = store;
        this.executor = executor;
        this.scheduler = scheduler;
        this.appVersion = AppVersion.digest(List.of(agent.type()));
    }

    /** A new build is deployed: runs started from now on record {@code version}; a suspended run resumes against it. */
    public synchronized void redeploy(String version) {
        appVersion = version;
    }

    /** Appends an input chunk (trigger.dev's {@code ChatInputChunk} JSON) to {@code .in}, as the append route does. */
    public long append(String inputChunkJson) {
        List<TailHub.Listener> notify;
        StreamRecord record;
        boolean start;
        synchronized (this) {
            record = stored(in, NewRecord.text(inputChunkJson, Ids.recordId()));
            start = row == null || !row.status.live();
            notify = List.copyOf(listeners);
        }
        if (start) {
            take(runs.isEmpty() ? RunReason.INITIAL : RunReason.CONTINUATION, false);
        } else if (row.status == RunStatus.SUSPENDED) {
            take(row.reason, true);
        } else {
            notify.forEach(l -> l.offer(List.of(record)));
        }
        return record.seq();
    }

    /** Appends a chunk to {@code .out} outside any turn, as the chat store's route does for a client's change. */
    public synchronized void appendOut(String chunkJson) {
        stored(out, NewRecord.data(chunkJson, Ids.recordId()));
    }

    /** Fires the waiting run's idle timeout; false if no run waits. */
    public boolean idleTimeout() {
        Runnable fire;
        synchronized (this) {
            fire = row != null && row.status == RunStatus.WAITING ? idleTimeout : null;
        }
        if (fire != null) {
            fire.run();
        }
        return fire != null;
    }

    /**
     * The node holding the run dies: from now on nothing the run writes lands, it is CRASHED, and a recovery run
     * takes over at once (on a server, once the reaper finds the lease expired).
     */
    public void crash() {
        synchronized (this) {
            if (row == null || !row.executing()) {
                throw new IllegalStateException("no run is executing (status " + status() + ")");
            }
            row.held = false;
            row.status = RunStatus.CRASHED;
            row.endReason = "lease expired";
        }
        take(RunReason.RECOVERY, false);
    }

    /** From now on the run's lease is lost (another node recovered it): every further write is refused. */
    public synchronized void loseLease() {
        if (row != null) {
            row.held = false;
        }
    }

    public synchronized List<StreamRecord> out() {
        return List.copyOf(out);
    }

    public synchronized List<Run> runs() {
        List<Run> all = new ArrayList<>(runs);
        if (row != null) {
            all.set(all.size() - 1, row.asRun());
        }
        return all;
    }

    /** The conversation as the last turn-complete stored it. */
    public synchronized List<UIMessage> history() {
        return snapshot == null ? List.of() : UIMessageCodec.parseArray(snapshot.messages());
    }

    /** The compactions of the chat's history the turn-completes recorded, oldest first. */
    public synchronized List<Compaction.HistoryCompacted> compactions() {
        return List.copyOf(compactions);
    }

    /** The session's token usage so far, summaries of compactions included. */
    public synchronized Usage totalUsage() {
        return totalUsage;
    }

    /** The run's state as its row stores it (JSON text, or null). */
    public synchronized String state() {
        return row == null ? null : row.state;
    }

    /** Whether a run holds the chat now (BOOTING, STREAMING or WAITING). */
    public synchronized RunStatus status() {
        return row == null ? null : row.status;
    }

    StreamRecord stored(List<StreamRecord> stream, NewRecord r) {
        StreamRecord s = new StreamRecord(stream.size() + 1L, System.currentTimeMillis(), r.headers(), r.body());
        stream.add(s);
        return s;
    }

    /** A node takes the run: a new one (first, continuation, upgrade) or the suspended one again. */
    private void take(RunReason reason, boolean resumed) {
        LiveRun run;
        synchronized (this) {
            if (!resumed) {
                String id = Ids.next();
                Row previous = row;
                if (previous != null) {
                    runs.set(runs.size() - 1, previous.asRun());
                }
                // like a new session_run row: no turn-complete or state of its own, the session's cursor
                row = new Row(id, reason, previous == null ? 0 : previous.inCursor, null, null);
                row.continuation = previous != null;
                row.appVersion = appVersion;
                runs.add(row.asRun());
            }
            row.status = RunStatus.BOOTING;
            row.held = true;
            row.resumed = resumed;
            RunRow taken = new RunRow(row.id, "run_" + row.id, "session_" + chatId, "session_" + chatId, chatId,
                    "offline", agent.id(), row.reason, row.continuation, payload, row.inCursor, row.turnComplete,
                    row.turns, row.state, resumed, row.executedMs, row.appVersion);
            Row bound = row;
            run = new LiveRun(new RunPorts(new OfflineLease(this, bound), new OfflineLog(this, bound), new Timers(), executor, new Handoff(),
                    phases, payloads, answerMillis -> subAgents, store, new RunPorts.Periods(3, 5_000, 15_000),
                    System::nanoTime),
                    taken, agent, body);
        }
        run.wake();
    }

    /** The run row: status, lease, cursors and state. */
    static final class Row {
        final String id;
        final RunReason reason;
        RunStatus status = RunStatus.PENDING;
        boolean held;
        boolean continuation;
        boolean resumed;
        long inCursor;
        Long turnComplete;
        int turns;
        String state;
        long executedMs;
        String endReason;
        String appVersion;

        Row(String id, RunReason reason, long inCursor, Long turnComplete, String state) {
            this.id = id;
            this.reason = reason;
            this.inCursor = inCursor;
            this.turnComplete = turnComplete;
            this.state = state;
        }

        boolean executing() {
            return held && (status == RunStatus.BOOTING || status == RunStatus.STREAMING || status == RunStatus.WAITING);
        }

        Run asRun() {
            return new Run("run_" + id, reason, resumed, status, endReason, appVersion);
        }
    }

    /** The application version this session's "node" runs. */
    synchronized String appVersion() {
        return appVersion;
    }

    /** The run of {@code released} no longer lives here: an upgrade it asked for starts the next run now. */
    void released(Row released) {
        boolean upgrade;
        synchronized (this) {
            upgrade = upgradeWanted && released == row;
            upgradeWanted = false;
        }
        if (upgrade) {
            take(RunReason.UPGRADE, false);
        }
    }

    private final class Timers implements RunPorts.Timers {
        @Override
        public void armIdle(int generation, int seconds, Consumer<Integer> expired) {
            synchronized (OfflineSession.this) {
                idleTimeout = () -> expired.accept(generation);
            }
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }
    }

    private final class Handoff implements RunPorts.Handoff {
        @Override
        public void continueIfPending(long inCursor) {
            boolean pending;
            synchronized (OfflineSession.this) {
                pending = in.stream().skip(inCursor).map(InputRecord::of)
                        .anyMatch(i -> "message".equals(i.kind()) && !"close".equals(i.trigger()));
            }
            if (pending) {
                take(RunReason.CONTINUATION, false);
            }
        }

        @Override
        public void upgrade() {
            synchronized (OfflineSession.this) {
                upgradeWanted = true;
            }
        }

        @Override
        public void redispatch() {
            take(row.reason, true);
        }
    }
}
