package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Agent;
import dev.parley.agent.ChatState;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Steering;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Bodies;
import dev.parley.runs.entity.RunRow;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run held in memory by this node (BOOTING, STREAMING or WAITING). Invariants (docs/runs.md): the run reads
 * {@code .in} strictly after its committed cursor, in seq order, one record at a time; at most one drain runs at a
 * time, so turns never overlap; a WAITING run holds no thread (a wake schedules a drain); a stop is applied only to
 * the turn streaming when it arrives and is otherwise consumed, never buffered for a later turn. Every state change
 * is a compare-and-set on the run row under this node's lease; losing the lease abandons the run without writing.
 */
final class LiveRun implements TailHub.Listener {

    private static final Logger LOG = Logger.getLogger(LiveRun.class.getName());
    private static final int PAGE = 100;

    final RunEngine e;
    final RunRow row;
    final AgentDescriptor agent;
    final Agent body;
    private final JsonObject payload;
    List<UIMessage> history = new ArrayList<>();
    final ChatState state;
    private final TurnRunner turnRunner;

    long inCursor;
    Long turnComplete;
    int turns;
    /** Time this run's turns have taken, across suspensions (what {@code maxDuration} bounds). */
    long executedMs;
    private boolean booted;
    boolean waiting;
    private volatile boolean ended;
    private boolean draining;
    private boolean dirty;
    private boolean suspendWanted;
    private int idleGeneration;
    volatile AbortSignal activeStop;
    volatile String closedReason;
    /** The streaming turn's steering queue (agents with {@code steering = true}), else null. */
    volatile Steering steering;
    /** {@code .in} seqs already answered by being injected into a turn: consumed without a turn of their own. */
    final Set<Long> steered = ConcurrentHashMap.newKeySet();

    LiveRun(RunEngine engine, RunRow row, AgentDescriptor agent, Agent body) {
        this.e = engine;
        this.row = row;
        this.agent = agent;
        this.body = body;
        this.payload = Bodies.parse(row.payload()).asJsonObject();
        this.state = new ChatState(row.state());
        this.inCursor = row.inCursor();
        this.turnComplete = row.turnCompleteSeq();
        this.turns = row.turns();
        this.executedMs = row.executedMs();
        this.turnRunner = new TurnRunner(this);
    }

    String runId() {
        return row.runId();
    }

    /** Records reach a live run from memory (or, from other nodes, through NOTIFY): stops and closes act at once. */
    @Override
    public void offer(List<StreamRecord> records) {
        boolean wake = false;
        for (StreamRecord r : records) {
            if (r.controlSubtype() != null) {
                if ("session-closed".equals(r.controlSubtype())) {
                    closedReason = "closed";
                    stopTurn();
                    wake = true;
                }
                continue;
            }
            if (r.command() || r.body() != null && r.body().startsWith("{\"data\":{")) {
                continue; // a trim or a chunk on .out (this run's own output): nothing to do
            }
            wake = true;
            if (activeStop != null) {
                InputRecord in = InputRecord.of(r);
                Steering s = steering;
                if (in.isStop()) {
                    stopTurn();
                } else if (s != null && "submit-message".equals(in.trigger()) && in.message() != null
                        && in.message().role() == Role.USER && r.seq() > inCursor) {
                    s.offer(r.seq(), in.message());
                }
            }
        }
        if (wake) {
            wake();
        }
    }

    void wake() {
        synchronized (this) {
            dirty = true;
            if (draining || ended) {
                return;
            }
            draining = true;
        }
        try {
            e.executor.execute(this::drain);
        } catch (RejectedExecutionException saturated) {
            retryWake(saturated);
        }
    }

    /** No thread for the run now: try again shortly; if even that is refused (shutdown), let the lease expire. */
    private void retryWake(RejectedExecutionException cause) {
        synchronized (this) {
            draining = false;
        }
        try {
            e.scheduler.schedule(this::wake, 1, java.util.concurrent.TimeUnit.SECONDS);
            LOG.warning("no thread for run " + row.friendlyId() + " (" + cause.getMessage() + "); retrying in 1 s");
        } catch (RejectedExecutionException shutDown) {
            LOG.warning("run " + row.friendlyId() + " cannot be scheduled; leaving it to recovery");
            abandon();
        }
    }

    void idleExpired(int generation) {
        synchronized (this) {
            if (generation != idleGeneration || !waiting) {
                return;
            }
            suspendWanted = true;
        }
        wake();
    }

    private void stopTurn() {
        AbortSignal s = activeStop;
        if (s != null) {
            s.abort("stop");
        }
    }

    /**
     * Runs {@link #step()} while there is news. Any failure outside a turn (a turn closes its own) ends the run —
     * never leaves it {@code draining} with a renewed lease and nobody working — and input it had not answered gets an
     * error turn, so no client waits for an answer that will not come.
     */
    private void drain() {
        try {
            while (true) {
                synchronized (this) {
                    if (!dirty || ended) {
                        draining = false;
                        return;
                    }
                    dirty = false;
                }
                step();
            }
        } catch (TurnRecords.LostRunException lost) {
            LOG.warning(lost.getMessage());
            abandon();
        } catch (RuntimeException | Error ex) {
            fail(TurnError.of("run " + row.friendlyId(), ex));
        } finally {
            synchronized (this) {
                if (ended) {
                    draining = false;
                }
            }
        }
    }

    private void fail(TurnError error) {
        try {
            turnRunner.answerPending(error);
            end("FAILED", error.id());
        } catch (TurnRecords.LostRunException lost) {
            LOG.warning(lost.getMessage());
        } catch (RuntimeException | Error ex) {
            LOG.log(Level.SEVERE, "ending failed run " + row.friendlyId() + " failed; the reaper recovers it", ex);
        } finally {
            abandon();
        }
    }

    private void step() {
        if (!booted) {
            booted = true;
            boot();
        }
        while (!ended) {
            if (closedReason != null) {
                end("COMPLETED", "session closed");
                return;
            }
            List<StreamRecord> page = e.reader.range(row.sessionId(), Io.IN, inCursor + 1, Long.MAX_VALUE, PAGE);
            if (page.isEmpty()) {
                if (suspendWanted) {
                    suspend();
                } else {
                    goWaiting();
                }
                return;
            }
            suspendWanted = false;
            for (StreamRecord r : page) {
                if (!ended) {
                    handle(r);
                }
            }
        }
    }

    private void boot() {
        if ("RECOVERY".equals(row.reason())) {
            int crashes = e.rows.crashesInARow(row.sessionId(), row.runId());
            if (crashes >= maxAttempts()) {
                // a poison input: recovering once more would crash once more
                fail(TurnError.gaveUp("run " + row.friendlyId(), crashes));
                return;
            }
        }
        e.hub.register(row.sessionId(), Io.IN, this);
        e.hub.register(row.sessionId(), Io.OUT, this);
        boolean hydrated = agent != null && !agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty();
        e.snapshots.load(row.sessionId()).ifPresent(s -> {
            if (!hydrated) {
                history = new ArrayList<>(UIMessageCodec.parseArray(s.messages()));
            }
            if (turnComplete == null) {
                turnComplete = s.lastOutSeq();
            }
            inCursor = Math.max(inCursor, s.lastInSeq());
        });
        if (row.resumed()) {
            reach(new Lifecycle.ChatResume(agentId(), chatId(), row.friendlyId()));
            return;
        }
        reach(new Lifecycle.Boot(agentId(), chatId(), row.friendlyId(), row.continuation(), row.reason()));
        if ("RECOVERY".equals(row.reason())) {
            reach(new Lifecycle.RecoveryBoot(agentId(), chatId(), row.friendlyId(), List.copyOf(history),
                    PartialAnswer.of(e.reader, row.sessionId(), turnComplete)));
        }
        if (row.continuation()) {
            return;
        }
        String trigger = payload.getString("trigger", "");
        if ("preload".equals(trigger)) {
            reach(new Lifecycle.Preload(agentId(), chatId(), row.friendlyId(), payload.get("metadata")));
        } else if ("submit-message".equals(trigger) && payload.get("message") instanceof JsonObject m) {
            history = new ArrayList<>(MessageMerge.upsert(history, UIMessageCodec.fromJson(m)));
            turnRunner.runTurn(trigger, payload.get("metadata"), inCursor, null);
        }
    }

    private void handle(StreamRecord r) {
        if (steered.remove(r.seq())) {
            inCursor = Math.max(inCursor, r.seq());
            return;
        }
        InputRecord in = InputRecord.of(r);
        switch (in.trigger()) {
            case "submit-message" -> {
                if (in.message() != null) {
                    history = new ArrayList<>(MessageMerge.submit(history, in.message(), in.messageId()));
                }
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), in.invalid());
            }
            case "regenerate-message" -> {
                history = new ArrayList<>(MessageMerge.regenerate(history, in.messageId()));
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), null);
            }
            case "action" -> turnRunner.runAction(in, r.seq());
            case "close" -> {
                consume(r.seq());
                end("COMPLETED", "close");
            }
            default -> consume(r.seq());
        }
    }

    /** A record that is not a turn still moves the cursor, so no later run replays it. */
    private void consume(long seq) {
        inCursor = Math.max(inCursor, seq);
        if (!e.rows.turnCompleted(row.runId(), e.node(), inCursor, null, false, state.toJson(), 0)) {
            throw new TurnRecords.LostRunException(row.runId());
        }
    }

    private void goWaiting() {
        if (waiting) {
            return;
        }
        if (!e.rows.status(row.runId(), e.node(), "WAITING")) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        int generation;
        synchronized (this) {
            waiting = true;
            generation = ++idleGeneration;
        }
        e.idleTimers.arm(row.runId(), generation, idleSeconds());
    }

    /** The session's {@code triggerConfig.idleTimeoutInSeconds} wins over the agent's idle timeout. */
    int idleSeconds() {
        if (payload.get("idleTimeoutInSeconds") instanceof jakarta.json.JsonNumber n && n.intValue() > 0) {
            return n.intValue();
        }
        return agent == null ? 1 : agent.idleTimeoutSeconds();
    }

    /** The session's {@code triggerConfig.maxAttempts} wins over {@code PARLEY_RUNS_MAX_ATTEMPTS}. */
    private int maxAttempts() {
        return payload.get("maxAttempts") instanceof jakarta.json.JsonNumber n && n.intValue() > 0 ? n.intValue()
                : e.periods.maxAttempts();
    }

    /** {@code triggerConfig.maxDuration} in milliseconds of executed turn time, or 0 for no bound. */
    long maxDurationMs() {
        return payload.get("maxDuration") instanceof jakarta.json.JsonNumber n && n.longValue() > 0 ? n.longValue() * 1000 : 0;
    }

    private void suspend() {
        suspendWanted = false;
        try {
            reach(new Lifecycle.ChatSuspend(agentId(), chatId(), row.friendlyId()));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "onChatSuspend of " + row.friendlyId() + " failed; suspending anyway", ex);
        }
        long deadline = agent == null ? 60 : agent.suspendedTimeoutSeconds();
        if (!e.rows.suspend(row.runId(), e.node(), state.toJson(), deadline)) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        release();
        // a record committed while we suspended may not have woken anyone: look once more
        if (e.reader.nextSeq(row.sessionId(), Io.IN) - 1 > inCursor) {
            e.dispatch.send(row.runId());
        }
    }

    void end(String status, String reason) {
        boolean endedHere = e.rows.end(row.runId(), e.node(), status, reason);
        release();
        // a run that fails keeps failing on the same input: only runs that ended normally hand input on
        if (endedHere && !"FAILED".equals(status) && closedReason == null && !"upgrade".equals(reason)) {
            e.handoff.continueIfPending(row.sessionId(), inCursor);
        }
    }

    void abandon() {
        release();
    }

    private void release() {
        synchronized (this) {
            ended = true;
        }
        e.hub.unregister(row.sessionId(), Io.IN, this);
        e.hub.unregister(row.sessionId(), Io.OUT, this);
        e.forget(this);
    }

    /** Server shutdown: a run with nothing in flight suspends quietly, so any node resumes it later. */
    void shutdown() {
        synchronized (this) {
            if (draining || !waiting || ended) {
                return;
            }
            ended = true;
        }
        e.rows.suspend(row.runId(), e.node(), state.toJson(), agent == null ? 60 : agent.suspendedTimeoutSeconds());
    }

    void requireAgent() {
        if (agent == null) {
            throw new IllegalStateException("No agent with id \"" + row.agentId() + "\" is deployed on this server");
        }
    }

    void reach(Lifecycle moment) {
        if (agent != null) {
            e.phases.reach(moment, agent);
        }
    }

    String agentId() {
        return row.agentId();
    }

    /** The trigger of the run's payload (the first message or a preload), for a run that is not a continuation. */
    String trigger() {
        return payload.getString("trigger", "");
    }

    String chatId() {
        return row.addressingKey();
    }

}
