package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Agent;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Steering;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.MessageMerge;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.control.RunCancel;
import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.StreamRecord;

import java.util.List;
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
    private volatile String closedReason;
    /** A {@code run-cancel} record named this run: it ends CANCELED once the streaming turn (if any) stopped. */
    private volatile boolean cancelWanted;
    private final OpenWork work = new OpenWork();
    private final CrashedTurn crashed = new CrashedTurn();

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
                if (closed || RunCancel.cancels(r, row.friendlyId())) {
                    if (closed) {
                        closedReason = "closed";
                    } else {
                        cancelWanted = true;
                    }
                    work.stop();
                    wake = true;
                }
            } else if (!r.command() && (r.body() == null || !r.body().startsWith("{\"data\":{"))) {
                // neither a trim nor a chunk on .out (this run's own output)
                wake = true;
                work.arrived(r, memory.inCursor());
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
     * The turn executor refused the run's drain: its queue holds 100,000 tasks, so the server is stopping (executors
     * refuse work from the start of the quiesce) or hopelessly overloaded, and retrying only repeats itself. A WAITING
     * run stays as it is (the stop suspends it, or its next wake tries again); any other run is released without
     * writing, and the reaper of any node recovers it from its committed cursor.
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

    void fail(TurnError error) {
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
            new RunBoot(this, row, ports, agent, payload, memory, turnRunner, crashed).boot();
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

    private void handle(StreamRecord r) {
        if (work.answeredByInjection(r.seq())) {
            memory.consumed(r.seq());
            return;
        }
        if (RunCancel.cancels(r, row.friendlyId())) {
            cancelWanted = true; // read here when its notification did not reach this run (e.g. it was booting)
            return;
        }
        InputRecord in = InputRecord.of(r);
        switch (in.trigger()) {
            case "submit-message" -> {
                if (in.message() != null) {
                    memory.history(MessageMerge.submit(memory.history(), in.message(), in.messageId()));
                }
                crashed.firstRecord(true, memory);
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), in.invalid());
            }
            case "regenerate-message" -> {
                memory.history(MessageMerge.regenerate(memory.history(), in.messageId()));
                crashed.firstRecord(true, memory);
                turnRunner.runTurn(in.trigger(), in.metadata(), r.seq(), null);
            }
            case "action" -> {
                crashed.firstRecord(false, memory);
                turnRunner.runAction(in, r.seq());
            }
            case "close" -> {
                crashed.firstRecord(false, memory);
                consume(r.seq());
                end(RunStatus.COMPLETED, "close");
            }
            default -> {
                crashed.firstRecord(false, memory);
                consume(r.seq());
            }
        }
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

    /** The turn about to start continues a crashed turn's message: its open turn, else null. */
    OpenTurn takeRecovered(String where, ChunkWriter writer) {
        return crashed.take(where, writer);
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

    /** A turn (or action) is open: a stop arriving from now on is applied to it ({@link OpenWork}). */
    void turnOpened(AbortSignal stop) {
        work.opened(stop);
        if (cancelWanted) {
            stop.abort("stop"); // canceled while the turn was being opened
        }
    }

    void steerWith(Steering queue) {
        work.steerWith(queue);
    }

    void turnClosed(List<Long> injected) {
        work.closed(injected);
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
