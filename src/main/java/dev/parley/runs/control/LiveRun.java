package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Agent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Steering;
import dev.parley.agent.message.Role;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.control.RunCancel;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.StreamRecord;

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

    private final RunPorts ports;
    private final RunRow row;
    private final AgentDescriptor agent;
    private final Agent body;
    private final RunPayload payload;
    private final RunMemory memory;
    private final TurnRunner turnRunner;

    private boolean booted;
    private boolean waiting;
    private volatile boolean ended;
    private boolean draining;
    private boolean dirty;
    private boolean suspendWanted;
    private int idleGeneration;
    private volatile AbortSignal activeStop;
    private volatile String closedReason;
    /** A {@code run-cancel} record named this run: it ends CANCELED once the streaming turn (if any) stopped. */
    private volatile boolean cancelWanted;
    /** The streaming turn's steering queue (agents with {@code steering = true}), else null. */
    private volatile Steering steering;
    /** {@code .in} seqs already answered by being injected into a turn: consumed without a turn of their own. */
    private final Set<Long> steered = ConcurrentHashMap.newKeySet();
    /** A recovery's partial message, until the first record after the crash decides whether a turn continues it. */
    private PartialAnswer recovered;
    /** The partial message spliced into the history, for the turn that continues it. */
    private PartialAnswer.Continuation continuation;

    LiveRun(RunPorts ports, RunRow row, AgentDescriptor agent, Agent body) {
        this.ports = ports;
        this.row = row;
        this.agent = agent;
        this.body = body;
        this.payload = RunPayload.parse(row.payload());
        this.memory = new RunMemory(row);
        this.turnRunner = new TurnRunner(this, row, payload, agent, body, memory, ports);
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
                boolean closed = "session-closed".equals(r.controlSubtype());
                if (closed || cancels(r)) {
                    if (closed) {
                        closedReason = "closed";
                    } else {
                        cancelWanted = true;
                    }
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
                        && in.message().role() == Role.USER && r.seq() > memory.inCursor()) {
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
            ports.executor().execute(this::drain);
        } catch (RejectedExecutionException refused) {
            leaveToRecovery(refused);
        }
    }

    /**
     * The turn executor refused the run's drain. Its queue holds 100,000 tasks, so a refusal means the server is
     * stopping (its executors refuse work from the start of the quiesce period, the signal the SSE streams end on) or
     * is hopelessly overloaded, and a retry every second only repeated itself until the application stopped (422 log
     * lines from 36 runs in one stop). So nothing is retried: a WAITING run (an idle timeout or a message woke it)
     * stays as it is, and the stopping server suspends it with its cursor, or its next wake tries again; any other run
     * is released without writing, its lease lapses and the reaper of any node recovers it from its committed cursor.
     */
    private void leaveToRecovery(RejectedExecutionException cause) {
        boolean stillWaiting;
        synchronized (this) {
            draining = false;
            stillWaiting = waiting && !ended;
        }
        if (stillWaiting) {
            LOG.warning("no thread for run " + row.friendlyId() + " (" + cause.getMessage() + "); it stays waiting");
            return;
        }
        LOG.warning("no thread for run " + row.friendlyId() + " (" + cause.getMessage() + "); leaving it to recovery");
        abandon();
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
            end(RunStatus.FAILED, error.id());
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
                end(RunStatus.COMPLETED, "session closed");
                return;
            }
            if (cancelWanted) {
                cancel();
                return;
            }
            List<StreamRecord> page = ports.log().input(memory.inCursor(), PAGE);
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
                if (!ended && !cancelWanted) {
                    handle(r);
                }
            }
        }
    }

    private void boot() {
        if (VersionPin.upgradeOnResume(row, ports.lease().appVersion(), agent)) {
            LOG.info("run " + row.friendlyId() + " of version " + row.appVersion() + " resumes on version "
                    + ports.lease().appVersion() + ": handed to an upgrade run");
            ports.handoff().upgrade();
            end(RunStatus.COMPLETED, "upgrade");
            return;
        }
        if (recovery()) {
            int crashes = ports.lease().crashesInARow();
            if (crashes >= payload.maxAttempts(ports.periods().maxAttempts())) {
                // a poison input: recovering once more would crash once more
                fail(TurnError.gaveUp("run " + row.friendlyId(), crashes));
                return;
            }
        }
        ports.log().listen(this);
        boolean hydrated = agent != null && !agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty();
        ports.log().snapshot().ifPresent(s -> {
            if (!hydrated) {
                memory.history(UIMessageCodec.parseArray(s.messages()));
            }
            memory.restore(s);
        });
        if (row.resumed()) {
            reach(new Lifecycle.ChatResume(agentId(), chatId(), row.friendlyId()));
            return;
        }
        reach(new Lifecycle.Boot(agentId(), chatId(), row.friendlyId(), row.continuation(), row.reason().name()));
        if (recovery()) {
            recovered = ports.log().partialAnswer(memory.turnComplete());
            reach(new Lifecycle.RecoveryBoot(agentId(), chatId(), row.friendlyId(), List.copyOf(memory.history()),
                    recovered == null ? null : recovered.message(), () -> recovered = null));
        }
        if (row.continuation()) {
            return;
        }
        String trigger = payload.trigger();
        if ("preload".equals(trigger)) {
            reach(new Lifecycle.Preload(agentId(), chatId(), row.friendlyId(), payload.metadata()));
        } else if ("submit-message".equals(trigger) && payload.message() != null) {
            memory.history(MessageMerge.upsert(memory.history(), UIMessageCodec.fromJson(payload.message())));
            turnRunner.runTurn(trigger, payload.metadata(), memory.inCursor(), null);
        }
    }

    private void handle(StreamRecord r) {
        if (steered.remove(r.seq())) {
            memory.consumed(r.seq());
            return;
        }
        if (cancels(r)) {
            cancelWanted = true; // read here when its notification did not reach this run (e.g. it was booting)
            return;
        }
        InputRecord in = InputRecord.of(r);
        PartialAnswer partial = recovered;
        recovered = null; // the crashed turn was answering the first record after the cursor, if any
        switch (in.trigger()) {
            case "submit-message" -> {
                if (in.message() != null) {
                    memory.history(MessageMerge.submit(memory.history(), in.message(), in.messageId()));
                }
                continueIn(partial);
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), in.invalid());
            }
            case "regenerate-message" -> {
                memory.history(MessageMerge.regenerate(memory.history(), in.messageId()));
                continueIn(partial);
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), null);
            }
            case "action" -> turnRunner.runAction(in, r.seq());
            case "close" -> {
                consume(r.seq());
                end(RunStatus.COMPLETED, "close");
            }
            default -> consume(r.seq());
        }
    }

    private boolean cancels(StreamRecord r) {
        return RunCancel.SUBTYPE.equals(r.controlSubtype()) && row.friendlyId().equals(r.controlHeader(RunCancel.RUN_HEADER));
    }

    /**
     * Ends the run CANCELED. The control records right after the cursor (its own {@code run-cancel} among them) are
     * consumed first; input after them stays for the run that {@link #end} hands it to.
     */
    private void cancel() {
        long last = -1;
        for (StreamRecord r : ports.log().input(memory.inCursor(), PAGE)) {
            if (r.controlSubtype() == null) {
                break;
            }
            last = r.seq();
        }
        if (last >= 0) {
            consume(last);
        }
        end(RunStatus.CANCELED, RunCancel.REASON);
    }

    /** The turn answering the crashed turn's message continues its partial message (docs/runs.md). */
    private void continueIn(PartialAnswer partial) {
        if (partial != null) {
            continuation = partial.continueIn(memory.history());
            memory.history(continuation.history());
        }
    }

    /** The turn about to start continues a crashed turn's message: its open turn, else null. */
    OpenTurn takeRecovered(String where, ChunkWriter writer) {
        PartialAnswer.Continuation c = continuation;
        continuation = null;
        return c == null ? null : c.open(where, writer);
    }

    /** A record that is not a turn still moves the cursor, so no later run replays it. */
    private void consume(long seq) {
        memory.consumed(seq);
        if (!ports.lease().consumed(memory.inCursor(), memory.state().toJson())) {
            throw new TurnRecords.LostRunException(row.runId());
        }
    }

    private void goWaiting() {
        if (waiting) {
            return;
        }
        if (!ports.lease().status(RunStatus.WAITING)) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        int generation;
        synchronized (this) {
            waiting = true;
            generation = ++idleGeneration;
        }
        ports.timers().armIdle(generation, payload.idleSeconds(agent), this::idleExpired);
    }

    private void suspend() {
        suspendWanted = false;
        try {
            reach(new Lifecycle.ChatSuspend(agentId(), chatId(), row.friendlyId()));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "onChatSuspend of " + row.friendlyId() + " failed; suspending anyway", ex);
        }
        long deadline = agent == null ? 60 : agent.suspendedTimeoutSeconds();
        if (!ports.lease().suspend(memory.state().toJson(), deadline)) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        release();
        // a record committed while we suspended may not have woken anyone: look once more
        if (ports.log().lastInputSeq() > memory.inCursor()) {
            ports.handoff().redispatch();
        }
    }

    void end(RunStatus status, String reason) {
        boolean endedHere = ports.lease().end(status, reason);
        release();
        // a run that fails keeps failing on the same input: only runs that ended normally hand input on
        if (endedHere && status != RunStatus.FAILED && closedReason == null && !"upgrade".equals(reason)) {
            ports.handoff().continueIfPending(memory.inCursor());
        }
    }

    void abandon() {
        release();
    }

    private void release() {
        synchronized (this) {
            ended = true;
        }
        ports.log().unlisten(this);
        ports.lease().released(this);
    }

    /** Server shutdown: a run with nothing in flight suspends quietly, so any node resumes it later. */
    void shutdown() {
        synchronized (this) {
            if (draining || !waiting || ended) {
                return;
            }
            ended = true;
        }
        ports.lease().suspend(memory.state().toJson(), agent == null ? 60 : agent.suspendedTimeoutSeconds());
    }

    /** A record is being answered: the run is no longer WAITING (an idle timeout now is stale). */
    void leaveWaiting() {
        waiting = false;
    }

    /** A turn (or action) is open: a stop arriving from now on is applied to it. */
    void turnOpened(AbortSignal stop) {
        activeStop = stop;
        if (cancelWanted) {
            stop.abort("stop"); // canceled while the turn was being opened
        }
    }

    /** The open turn takes steering messages ({@code @ChatAgent(steering = true)}). */
    void steerWith(Steering queue) {
        steering = queue;
    }

    /** The turn closed: a stop arriving now is consumed; {@code injected} seqs were answered by it. */
    void turnClosed(List<Long> injected) {
        activeStop = null;
        steering = null;
        steered.addAll(injected);
    }

    /** Why the session closed while the run held it ("closed"), or null. */
    String closedReason() {
        return closedReason;
    }

    void requireAgent() {
        if (agent == null) {
            throw new IllegalStateException("No agent with id \"" + row.agentId() + "\" is deployed on this server");
        }
    }

    void reach(Lifecycle moment) {
        if (agent != null) {
            ports.phases().reach(moment, agent);
        }
    }

    /** A run started after its predecessor crashed. */
    boolean recovery() {
        return row.reason() == RunReason.RECOVERY;
    }

    String agentId() {
        return row.agentId();
    }

    String chatId() {
        return row.addressingKey();
    }

}
