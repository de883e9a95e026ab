package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Agent;
import dev.parley.agent.ChatStore;
import dev.parley.agent.Compaction;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.RejectedMessageException;
import dev.parley.agent.Steering;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.Usage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Ids;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.control.SessionUsage;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import dev.parley.telemetry.control.TurnSpan;
import dev.parley.telemetry.control.TurnTracing;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Executes the turns and actions of one {@link LiveRun}, always on its drain thread. Invariant (wire rules W19, W21):
 * every turn is framed {@code start} … {@code finish}/{@code abort} and closed by a durable {@code turn-complete} —
 * also when the agent throws or is stopped — and every chunk passes the accumulator (the client's reducer rules) before
 * it is written, so the stored history and what the client assembled are the same message.
 */
final class TurnRunner {

    private static final Logger LOG = Logger.getLogger(TurnRunner.class.getName());

    private final LiveRun r;
    private final RunRow row;
    private final RunPayload payload;
    private final AgentDescriptor agent;
    private final Agent body;
    private final RunMemory memory;
    private final RunPorts ports;
    /** The session's usage as of the last turn-complete this run wrote. */
    private SessionUsage.Totals sessionUsage = SessionUsage.Totals.NONE;

    TurnRunner(LiveRun run, RunRow row, RunPayload payload, AgentDescriptor agent, Agent body, RunMemory memory,
               RunPorts ports) {
        this.r = run;
        this.row = row;
        this.payload = payload;
        this.agent = agent;
        this.body = body;
        this.memory = memory;
        this.ports = ports;
    }

    /**
     * One turn. A trailing assistant message (after a merged tool approval or client-side tool result) is continued
     * under its own id; otherwise a new assistant message is started. {@code invalid} answers with an error at once.
     * Whatever happens inside — an exception or an {@code Error} from the agent, a hook or a chunk write, or an agent
     * that does not return — the turn is closed (see {@link OpenTurn}) and the run goes on with the next record.
     */
    void runTurn(String trigger, JsonValue metadata, long inSeq, String invalid) {
        try (TurnSpan span = TurnTracing.start(new TurnTracing.Turn(r.agentId(), r.chatId(), row.sessionId(),
                row.friendlyId(), memory.turns() + 1, trigger))) {
            runTurn(metadata, inSeq, invalid, span);
        }
    }

    private void runTurn(JsonValue metadata, long inSeq, String invalid, TurnSpan span) {
        long startedNanos = ports.nanoTime().getAsLong();
        r.leaveWaiting();
        TurnError failure = invalid != null ? TurnError.ofInput(invalid) : hydrate();
        Opened t = open(metadata, span);
        Ending ending = new Ending(t.open, t.continuing, t.steering, inSeq, startedNanos, t.turn);
        TurnError error;
        String timedOut;
        try (TurnDeadline deadline = new TurnDeadline(ports.timers().scheduler(), t.limit.ms, ports.periods().turnGraceMs(),
                t.limit.what, t.stop, () -> hung(ending, t.limit.what))) {
            error = failure != null ? failure : execute(t.turn, metadata, t.open, t.where);
            timedOut = deadline.reached();
        }
        Thread.interrupted(); // a deadline that fired as the agent returned must not fail the writes below
        if (close(t, ending, error)) {
            afterTurn(t.turn, timedOut);
        }
    }

    /** A turn as it opens: its stop signal, its draft, its limit and the {@link Turn} the agent gets. */
    private record Opened(String where, AbortSignal stop, OpenTurn open, boolean continuing, Limit limit, Turn turn,
                          Steering steering) {
    }

    /** The time a turn may take, and what that limit is called when it is reached. */
    private record Limit(long ms, String what) {
    }

    private Opened open(JsonValue metadata, TurnSpan span) {
        AbortSignal stop = new AbortSignal();
        if (r.closedReason() != null) {
            stop.abort("session closed");
        }
        r.turnOpened(stop);
        UIMessage last = memory.history().isEmpty() ? null : memory.history().getLast();
        boolean continuing = last != null && last.role() == Role.ASSISTANT;
        String messageId = continuing ? last.id() : "msg_" + Ids.random(20);
        ChunkWriter writer = new ChunkWriter((batch, first) -> {
            span.chunks(batch.size());
            return first ? CompletableFuture.completedFuture(ports.log().startTurn(batch)) : fencedOut(batch);
        });
        String where = "turn " + (memory.turns() + 1) + " of " + row.friendlyId();
        OpenTurn open = r.takeRecovered(where, writer);
        open = open != null ? open : new OpenTurn(where, messageId, continuing ? last : null, writer);
        Limit limit = limit();
        Turn turn = new Turn(r.agentId(), r.chatId(), row.friendlyId(), memory.turns() + 1, messageId,
                memory.history(), metadata, memory.state(), open::emit, stop);
        turn.subAgents(ports.subAgents().apply(Math.max(1000, limit.ms)));
        turn.store(new ChatStore(new TurnStore(ports.store(), open::emit, open::accepting)));
        turn.deferOn(ports.executor());
        turn.injectInto(memory.injected());
        Steering steering = agent != null && agent.config().steering() ? new Steering() : null;
        if (steering != null) {
            turn.steering(steering);
            r.steerWith(steering);
        }
        return new Opened(where, stop, open, continuing, limit, turn, steering);
    }

    /** The turn's own limit, or what is left of the run's maxDuration if that comes first. */
    private Limit limit() {
        long limitMs = (agent == null ? 60 : agent.turnTimeoutSeconds()) * 1000L;
        long maxMs = payload.maxDurationMs();
        long budgetMs = maxMs == 0 ? Long.MAX_VALUE : Math.max(0, maxMs - memory.executedMs());
        return budgetMs < limitMs ? new Limit(budgetMs, "max duration") : new Limit(limitMs, "turn timeout");
    }

    /** Closes the turn and fires {@code onTurnComplete}; false if its deadline closed it (and ends the run). */
    private boolean close(Opened t, Ending ending, TurnError error) {
        boolean stopped = t.stop.aborted();
        List<NewRecord> closing = t.open.close(error, stopped, t.turn.finishReason());
        if (closing == null) {
            ending.awaitHungClosed(ports.periods().leaseMs()); // the deadline closed the turn and ends the run without us
            return false;
        }
        long tc = ending.complete(closing, true);
        try {
            FinishReason reason = error != null ? FinishReason.ERROR : t.turn.finishReason();
            r.reach(new Lifecycle.TurnComplete(r.agentId(), r.chatId(), row.friendlyId(), memory.turns(), List.copyOf(memory.history()),
                    reason == null ? null : reason.wire(), stopped, error == null ? null : error.clientText(), tc,
                    t.turn.usage(), t.turn.usageByModel(), sessionUsage.previousTurn(), sessionUsage.total()));
        } catch (RuntimeException | Error ex) {
            TurnError.of(t.where + ": onTurnComplete", ex); // the turn is complete; a failing hook does not undo it
        }
        if (r.closedReason() == null) { // a closed session has no next turn to compact for
            Usage summary = BetweenTurns.afterTurnComplete(t.turn, memory, ports, row, t.where);
            sessionUsage = new SessionUsage.Totals(sessionUsage.previousTurn(), sessionUsage.total().plus(summary));
        }
        return true;
    }

    /** The agent's part of a turn; returns the error that ended it, or null. */
    private TurnError execute(Turn turn, JsonValue metadata, OpenTurn open, String where) {
        try {
            r.requireAgent();
            try {
                ports.payloads().check("client data", metadata, agent.config().clientData());
            } catch (IllegalArgumentException rejected) {
                return TurnError.ofInput(rejected.getMessage());
            }
            open.start();
            if (!row.continuation() && memory.turns() == 0 && !r.recovery()) {
                r.reach(new Lifecycle.ChatStart(r.agentId(), r.chatId(), row.friendlyId(), metadata));
            }
            r.reach(new Lifecycle.ValidateMessages(r.agentId(), r.chatId(), row.friendlyId(), List.copyOf(memory.history())));
            ports.phases().enter(new Lifecycle.TurnStart(r.agentId(), r.chatId(), row.friendlyId(), turn), agent, () -> {
                body.run(turn);
                return null;
            });
            settleDeferred(turn, where);
            r.reach(new Lifecycle.BeforeTurnComplete(r.agentId(), r.chatId(), row.friendlyId(), turn));
            settleDeferred(turn, where); // what the hook deferred
            return null;
        } catch (Exception | Error ex) {
            settleDeferred(turn, where); // a failed turn's deferred work still ends with it
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof TurnRecords.LostRunException lost) {
                    throw lost; // a chunk write found the run taken over, however the agent wrapped it
                }
                if (t instanceof RejectedMessageException rejected) {
                    return TurnError.ofInput(rejected.getMessage()); // written for the user by the agent
                }
            }
            // Errors too (StackOverflowError, OutOfMemoryError): what failed was this turn, the run and node go on
            return TurnError.of(where, ex);
        }
    }

    /** Deferred work ends before the turn completes; its failures are logged and leave the answer as it is. */
    static void settleDeferred(Turn turn, String where) {
        for (Throwable failure : turn.settleDeferred()) {
            TurnError.of(where + ": deferred work", failure);
        }
    }

    /** The messages after the cursor that no turn will answer now (the run is failing): one error turn answers them. */
    void answerPending(TurnError error) {
        new ErrorTurns(row, payload, memory, ports, this).answerPending(error);
    }

    /** The deadline's grace ran out with the agent still inside the turn: close it here and end the run. */
    private void hung(Ending ending, String limit) {
        try {
            List<NewRecord> closing = ending.open.close(TurnError.hung("turn " + (memory.turns() + 1) + " of " + row.friendlyId(), limit),
                    true, null);
            if (closing == null) {
                return;
            }
            ending.complete(closing, false); // the agent may still be running: no summary call now
            r.end(RunStatus.TIMED_OUT, limit);
        } catch (TurnRecords.LostRunException lost) {
            r.abandon();
        } catch (RuntimeException | Error ex) {
            LOG.log(Level.SEVERE, "closing the hung turn of " + row.friendlyId() + " failed; the reaper recovers it", ex);
            r.abandon();
        } finally {
            ending.hungClosed.countDown();
        }
    }

    /** What closing a turn records: the history with its answer, and the turn-complete with the closing chunks. */
    private final class Ending {
        final OpenTurn open;
        /** Counted down once the deadline has closed a hung turn and ended the run. */
        final CountDownLatch hungClosed = new CountDownLatch(1);
        private final boolean continuing;
        private final Steering steering;
        private final long inSeq;
        private final long startedNanos;
        private final Turn turn;

        Ending(OpenTurn open, boolean continuing, Steering steering, long inSeq, long startedNanos, Turn turn) {
            this.turn = turn;
            this.open = open;
            this.continuing = continuing;
            this.steering = steering;
            this.inSeq = inSeq;
            this.startedNanos = startedNanos;
        }

        /** The turn's thread came back after its deadline closed the turn: it waits until the run has ended. */
        void awaitHungClosed(long ms) {
            try {
                hungClosed.await(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long complete(List<NewRecord> closing, boolean compact) {
            List<Steering.Pending> injected = steering == null ? List.of() : steering.injected();
            r.turnClosed(injected.stream().map(Steering.Pending::seq).toList());
            long answered = inSeq;
            if (steering != null) {
                for (Steering.Pending p : injected) {
                    answered = Math.max(answered, p.seq());
                    memory.history().add(continuing ? memory.history().size() - 1 : memory.history().size(), p.message());
                }
            }
            if (continuing) {
                memory.history().set(memory.history().size() - 1, open.message());
            } else {
                memory.history().add(open.message());
            }
            Compaction.HistoryCompacted asked = compact ? turn.takeCompacted() : null; // taken in the turn: stored with it
            return TurnRunner.this.complete(answered, true, true, startedNanos, turn.usage(), closing, asked);
        }
    }

    /**
     * Fencing: a batch is written only while the run holds its lease, checked in the transaction that writes it, so
     * a stalled node that lost its run stops writing to the chat its recovery now answers (the turn-complete itself
     * is checked in its own transaction).
     */
    CompletionStage<List<StreamRecord>> fencedOut(List<NewRecord> batch) {
        return ports.log().appendWhileHeld(batch);
    }

    /**
     * With a {@code HYDRATE_MESSAGES} hook the agent's own store is the source of truth: its conversation replaces
     * the history and the message being answered is added to it. Returns the error if the hook failed.
     */
    private TurnError hydrate() {
        if (agent == null || agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty()) {
            return null;
        }
        UIMessage incoming = memory.history().isEmpty() ? null : memory.history().getLast();
        AtomicReference<List<UIMessage>> loaded = new AtomicReference<>();
        try {
            r.reach(new Lifecycle.HydrateMessages(r.agentId(), r.chatId(), row.friendlyId(), List.copyOf(memory.history()), loaded::set));
        } catch (RuntimeException | Error ex) {
            return TurnError.of("hydrateMessages of " + row.friendlyId(), ex);
        }
        if (loaded.get() != null) {
            List<UIMessage> h = loaded.get();
            memory.history(incoming == null ? h : MessageMerge.upsert(h, incoming));
        }
        return null;
    }

    void runAction(InputRecord in, long inSeq) {
        new ActionRunner(r, row, agent, memory, ports, this).run(in, inSeq);
    }

    /**
     * The turn-complete, with the turn's closing chunks, in one transaction. A database that is briefly away (a
     * restart, a failover) is waited for, up to the lease: past it the run may be recovered elsewhere, and the write
     * would be refused anyway.
     */
    long complete(long inSeq, boolean withToken, boolean countTurn, long startedNanos, Usage usage,
                  List<NewRecord> closing, Compaction.HistoryCompacted compacted) {
        memory.consumed(inSeq);
        long tookMs = (ports.nanoTime().getAsLong() - startedNanos) / 1_000_000;
        TurnRecords.Completion completion = new TurnRecords.Completion(row.runId(), ports.lease().node(), row.sessionId(),
                row.environmentId(), row.addressingKey(), memory.inCursor(), memory.turnComplete(), withToken, r.closedReason(),
                UIMessageCodec.toJsonText(memory.history()), memory.state().toJson(), countTurn, tookMs, usage, closing, compacted);
        long giveUp = ports.nanoTime().getAsLong() + ports.periods().leaseMs() * 1_000_000L;
        long pauseMs = 100;
        while (true) {
            try {
                TurnRecords.Completed done = ports.log().complete(completion);
                long tc = done.seq();
                if (done.usage() != null) {
                    sessionUsage = done.usage();
                }
                memory.completed(tc, tookMs, countTurn);
                return tc;
            } catch (TurnRecords.LostRunException lost) {
                throw lost;
            } catch (RuntimeException ex) {
                if (ports.nanoTime().getAsLong() + pauseMs * 1_000_000L > giveUp) {
                    LOG.log(Level.WARNING, "the turn-complete of " + row.friendlyId() + " could not be written", ex);
                    throw new TurnRecords.LostRunException(row.runId());
                }
                LOG.log(Level.INFO, "writing the turn-complete of " + row.friendlyId() + " failed; retrying", ex);
                pause(pauseMs);
                pauseMs = Math.min(2_000, pauseMs * 2);
            }
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnRecords.LostRunException(row.runId());
        }
    }

    void afterTurn(Turn turn, String timedOut) {
        if (timedOut != null) {
            r.end(RunStatus.TIMED_OUT, timedOut);
        } else if (r.closedReason() != null) {
            r.end(RunStatus.COMPLETED, "session closed");
        } else if (turn.upgradeRequested()) {
            ports.handoff().upgrade();
            r.end(RunStatus.COMPLETED, "upgrade");
        } else if (turn.endRunRequested()) {
            r.end(RunStatus.COMPLETED, "endRun");
        } else if (agent != null && memory.turns() >= agent.maxTurns()) {
            r.end(RunStatus.COMPLETED, "maxTurns");
        }
    }
}
