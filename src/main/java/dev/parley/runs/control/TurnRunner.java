package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Steering;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.Usage;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Ids;
import dev.parley.sessions.control.SessionUsage;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.telemetry.control.TurnSpan;
import dev.parley.telemetry.control.TurnTracing;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
    /** The session's usage as of the last turn-complete this run wrote. */
    private SessionUsage.Totals sessionUsage = SessionUsage.Totals.NONE;

    TurnRunner(LiveRun run) {
        this.r = run;
    }

    /**
     * One turn. A trailing assistant message (after a merged tool approval or client-side tool result) is continued
     * under its own id; otherwise a new assistant message is started. {@code invalid} answers with an error at once.
     * Whatever happens inside — an exception or an {@code Error} from the agent, a hook or a chunk write, or an agent
     * that does not return — the turn is closed (see {@link OpenTurn}) and the run goes on with the next record.
     */
    void runTurn(String trigger, JsonValue metadata, long inSeq, String invalid) {
        try (TurnSpan span = r.e.tracing.start(new TurnTracing.Turn(r.agentId(), r.chatId(), r.row.sessionId(),
                r.row.friendlyId(), r.turns + 1, trigger))) {
            runTurn(metadata, inSeq, invalid, span);
        }
    }

    private void runTurn(JsonValue metadata, long inSeq, String invalid, TurnSpan span) {
        long startedNanos = System.nanoTime();
        r.waiting = false;
        TurnError failure = invalid != null ? TurnError.ofInput(invalid) : hydrate();
        AbortSignal stop = new AbortSignal();
        if (r.closedReason != null) {
            stop.abort("session closed");
        }
        r.activeStop = stop;
        UIMessage last = r.history.isEmpty() ? null : r.history.getLast();
        boolean continuing = last != null && last.role() == Role.ASSISTANT;
        String messageId = continuing ? last.id() : "msg_" + Ids.random(20);
        String sessionId = r.row.sessionId();
        ChunkWriter writer = new ChunkWriter((batch, first) -> {
            span.chunks(batch.size());
            return first ? r.e.turnRecords.startTurn(r.row.runId(), r.e.node(), sessionId, batch) : fencedOut(batch);
        }, r.e.executor);
        String where = "turn " + (r.turns + 1) + " of " + r.row.friendlyId();
        OpenTurn open = new OpenTurn(where, messageId, continuing ? last : null, writer);
        // the turn's own limit, or what is left of the run's maxDuration if that comes first
        long limitMs = (r.agent == null ? 60 : r.agent.turnTimeoutSeconds()) * 1000L;
        String limit = "turn timeout";
        long budgetMs = r.maxDurationMs() == 0 ? Long.MAX_VALUE : Math.max(0, r.maxDurationMs() - r.executedMs);
        if (budgetMs < limitMs) {
            limitMs = budgetMs;
            limit = "max duration";
        }
        Turn turn = new Turn(r.agentId(), r.chatId(), r.row.friendlyId(), r.turns + 1, messageId,
                r.history, metadata, r.state, open::emit, stop);
        turn.subAgents(new ChildChats(r.e, r.row, 2, Math.max(1000, limitMs)));
        Steering steering = r.agent != null && r.agent.config().steering() ? new Steering() : null;
        if (steering != null) {
            turn.steering(steering);
            r.steering = steering;
        }
        Ending ending = new Ending(open, continuing, steering, inSeq, startedNanos, turn);
        String reachedLimit = limit;
        TurnError error;
        String timedOut;
        try (TurnDeadline deadline = new TurnDeadline(r.e.scheduler, limitMs, r.e.periods.turnGraceMs(), limit, stop,
                () -> hung(ending, reachedLimit))) {
            error = failure != null ? failure : execute(turn, metadata, open, where);
            timedOut = deadline.reached();
        }
        Thread.interrupted(); // a deadline that fired as the agent returned must not fail the writes below
        boolean stopped = stop.aborted();
        List<NewRecord> closing = open.close(error, stopped, turn.finishReason());
        if (closing == null) {
            ending.awaitHungClosed(r.e.periods.leaseMs()); // the deadline closed the turn and ends the run without us
            return;
        }
        long tc = ending.complete(closing);
        try {
            FinishReason reason = error != null ? FinishReason.ERROR : turn.finishReason();
            r.reach(new Lifecycle.TurnComplete(r.agentId(), r.chatId(), r.row.friendlyId(), r.turns, List.copyOf(r.history),
                    reason == null ? null : reason.wire(), stopped, error == null ? null : error.clientText(), tc,
                    turn.usage(), turn.usageByModel(), sessionUsage.previousTurn(), sessionUsage.total()));
        } catch (RuntimeException | Error ex) {
            TurnError.of(where + ": onTurnComplete", ex); // the turn is complete; a failing hook does not undo it
        }
        afterTurn(turn, timedOut);
    }

    /** The agent's part of a turn; returns the error that ended it, or null. */
    private TurnError execute(Turn turn, JsonValue metadata, OpenTurn open, String where) {
        try {
            r.requireAgent();
            try {
                r.e.payloads.check("client data", metadata, r.agent.config().clientData());
            } catch (IllegalArgumentException rejected) {
                return TurnError.ofInput(rejected.getMessage());
            }
            open.start();
            if (!r.row.continuation() && r.turns == 0 && !"RECOVERY".equals(r.row.reason())) {
                r.reach(new Lifecycle.ChatStart(r.agentId(), r.chatId(), r.row.friendlyId(), metadata));
            }
            r.reach(new Lifecycle.ValidateMessages(r.agentId(), r.chatId(), r.row.friendlyId(), List.copyOf(r.history)));
            r.e.phases.enter(new Lifecycle.TurnStart(r.agentId(), r.chatId(), r.row.friendlyId(), turn), r.agent, () -> {
                r.body.run(turn);
                return null;
            });
            r.reach(new Lifecycle.BeforeTurnComplete(r.agentId(), r.chatId(), r.row.friendlyId(), turn));
            return null;
        } catch (Exception | Error ex) {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof TurnRecords.LostRunException lost) {
                    throw lost; // a chunk write found the run taken over, however the agent wrapped it
                }
            }
            // Errors too (StackOverflowError, OutOfMemoryError): what failed was this turn, the run and node go on
            return TurnError.of(where, ex);
        }
    }

    /** The messages after the cursor that no turn will answer now (the run is failing): one error turn answers them. */
    void answerPending(TurnError error) {
        long last = -1;
        for (dev.parley.streams.entity.StreamRecord rec : r.e.reader.range(r.row.sessionId(), Io.IN, r.inCursor + 1, Long.MAX_VALUE, 100)) {
            InputRecord in = InputRecord.of(rec);
            if ("message".equals(in.kind()) && !"close".equals(in.trigger())) {
                last = rec.seq();
            }
        }
        if (last >= 0) {
            errorTurn(last, error);
        } else if (r.turns == 0 && r.turnComplete == null && !r.row.continuation() && "submit-message".equals(r.trigger())) {
            errorTurn(r.inCursor, error); // the first message came with the run's payload
        }
    }

    /** A turn of error only, written directly: answers every message up to {@code inSeq} that will get no other. */
    void errorTurn(long inSeq, TurnError error) {
        List<NewRecord> closing = new java.util.ArrayList<>();
        for (UIMessageChunk c : List.of(new UIMessageChunk.Start("msg_" + Ids.random(20), null),
                new UIMessageChunk.Error(error.clientText()), new UIMessageChunk.Finish(FinishReason.ERROR))) {
            closing.add(NewRecord.data(ChunkCodec.toJsonText(c), Ids.random(7)));
        }
        complete(inSeq, true, true, System.nanoTime(), Usage.ZERO, closing);
    }

    /** The deadline's grace ran out with the agent still inside the turn: close it here and end the run. */
    private void hung(Ending ending, String limit) {
        try {
            List<NewRecord> closing = ending.open.close(TurnError.hung("turn " + (r.turns + 1) + " of " + r.row.friendlyId(), limit),
                    true, null);
            if (closing == null) {
                return;
            }
            ending.complete(closing);
            r.end("TIMED_OUT", limit);
        } catch (TurnRecords.LostRunException lost) {
            r.abandon();
        } catch (RuntimeException | Error ex) {
            LOG.log(Level.SEVERE, "closing the hung turn of " + r.row.friendlyId() + " failed; the reaper recovers it", ex);
            r.abandon();
        } finally {
            ending.hungClosed.countDown();
        }
    }

    /** What closing a turn records: the history with its answer, and the turn-complete with the closing chunks. */
    private final class Ending {
        final OpenTurn open;
        /** Counted down once the deadline has closed a hung turn and ended the run. */
        final java.util.concurrent.CountDownLatch hungClosed = new java.util.concurrent.CountDownLatch(1);
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
                hungClosed.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long complete(List<NewRecord> closing) {
            r.activeStop = null;
            r.steering = null;
            long answered = inSeq;
            if (steering != null) {
                for (Steering.Pending p : steering.injected()) {
                    r.steered.add(p.seq());
                    answered = Math.max(answered, p.seq());
                    r.history.add(continuing ? r.history.size() - 1 : r.history.size(), p.message());
                }
            }
            if (continuing) {
                r.history.set(r.history.size() - 1, open.message());
            } else {
                r.history.add(open.message());
            }
            return TurnRunner.this.complete(answered, true, true, startedNanos, turn.usage(), closing);
        }
    }

    /**
     * Fencing: a batch is written only while the run holds its lease, so a stalled node that lost its run stops
     * writing to the chat its recovery now answers (at most the batch in flight at the moment of the takeover
     * lands; the turn-complete itself is checked in its own transaction).
     */
    private List<dev.parley.streams.entity.StreamRecord> fencedOut(List<NewRecord> batch) {
        if (!r.e.rows.holds(r.row.runId(), r.e.node())) {
            throw new TurnRecords.LostRunException(r.row.runId());
        }
        return r.e.groupCommit.appendAll(r.row.sessionId(), Io.OUT, batch);
    }

    /**
     * With a {@code HYDRATE_MESSAGES} hook the agent's own store is the source of truth: its conversation replaces
     * the history and the message being answered is added to it. Returns the error if the hook failed.
     */
    private TurnError hydrate() {
        if (r.agent == null || r.agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty()) {
            return null;
        }
        UIMessage incoming = r.history.isEmpty() ? null : r.history.getLast();
        AtomicReference<List<UIMessage>> loaded = new AtomicReference<>();
        try {
            r.reach(new Lifecycle.HydrateMessages(r.agentId(), r.chatId(), r.row.friendlyId(), List.copyOf(r.history), loaded::set));
        } catch (RuntimeException | Error ex) {
            return TurnError.of("hydrateMessages of " + r.row.friendlyId(), ex);
        }
        if (loaded.get() != null) {
            List<UIMessage> h = loaded.get();
            r.history = new java.util.ArrayList<>(incoming == null ? h : MessageMerge.upsert(h, incoming));
        }
        return null;
    }

    void runAction(InputRecord in, long inSeq) {
        long startedNanos = System.nanoTime();
        r.waiting = false;
        AbortSignal stop = new AbortSignal();
        r.activeStop = stop;
        String messageId = "msg_" + Ids.random(20);
        ChunkWriter writer = new ChunkWriter((batch, first) -> fencedOut(batch), r.e.executor);
        AtomicReference<MessageAccumulator> response = new AtomicReference<>();
        String where = "action of " + r.row.friendlyId();
        Consumer<UIMessageChunk> sink = chunk -> {
            UIMessageChunk c = chunk instanceof UIMessageChunk.Error e
                    ? new UIMessageChunk.Error(TurnError.ofText(where, e.errorText()).clientText()) : chunk;
            if (response.get() == null) {
                response.set(new MessageAccumulator());
                UIMessageChunk start = new UIMessageChunk.Start(messageId, null);
                response.get().accept(start);
                writer.write(ChunkCodec.toJsonText(start));
            }
            response.get().accept(c);
            writer.write(ChunkCodec.toJsonText(c));
        };
        Turn turn = new Turn(r.agentId(), r.chatId(), r.row.friendlyId(), r.turns, messageId, r.history, in.metadata(), r.state, sink, stop);
        TurnError error = null;
        try {
            r.requireAgent();
            try {
                r.e.payloads.check("client data", in.metadata(), r.agent.config().clientData());
                r.e.payloads.check("action", in.action(), r.agent.config().actions());
            } catch (IllegalArgumentException rejected) {
                error = TurnError.ofInput(rejected.getMessage());
            }
            if (error == null) {
                r.reach(new Lifecycle.Action(r.agentId(), r.chatId(), r.row.friendlyId(), in.action(), in.metadata(), turn));
            }
        } catch (TurnRecords.LostRunException lost) {
            throw lost;
        } catch (Exception | Error ex) {
            error = TurnError.of(where, ex);
        }
        try {
            if (error != null) {
                sink.accept(new UIMessageChunk.Error(error.clientText()));
            }
            if (response.get() != null) {
                writer.write(ChunkCodec.toJsonText(new UIMessageChunk.Finish(FinishReason.STOP)));
            }
        } catch (RuntimeException writeFailed) {
            // reported by settle() below
        }
        RuntimeException failed = writer.settle();
        if (failed instanceof TurnRecords.LostRunException lost) {
            throw lost;
        } else if (failed != null) {
            TurnError.of(where + " (writing its response)", failed);
        }
        r.activeStop = null;
        complete(inSeq, false, false, startedNanos, null, List.of());
    }

    /**
     * The turn-complete, with the turn's closing chunks, in one transaction. A database that is briefly away (a
     * restart, a failover) is waited for, up to the lease: past it the run may be recovered elsewhere, and the write
     * would be refused anyway.
     */
    long complete(long inSeq, boolean withToken, boolean countTurn, long startedNanos, Usage usage,
                  List<NewRecord> closing) {
        r.inCursor = Math.max(r.inCursor, inSeq);
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        TurnRecords.Completion completion = new TurnRecords.Completion(r.row.runId(), r.e.node(), r.row.sessionId(),
                r.row.environmentId(), r.row.addressingKey(), r.inCursor, r.turnComplete, withToken, r.closedReason,
                UIMessageCodec.toJsonText(r.history), r.state.toJson(), countTurn, tookMs, usage, closing);
        long giveUp = System.nanoTime() + r.e.periods.leaseMs() * 1_000_000L;
        long pauseMs = 100;
        while (true) {
            try {
                TurnRecords.Completed done = r.e.turnRecords.complete(completion);
                long tc = done.seq();
                if (done.usage() != null) {
                    sessionUsage = done.usage();
                }
                r.executedMs += tookMs;
                r.turnComplete = tc;
                if (countTurn) {
                    r.turns++;
                }
                return tc;
            } catch (TurnRecords.LostRunException lost) {
                throw lost;
            } catch (RuntimeException ex) {
                if (System.nanoTime() + pauseMs * 1_000_000L > giveUp) {
                    LOG.log(Level.WARNING, "the turn-complete of " + r.row.friendlyId() + " could not be written", ex);
                    throw new TurnRecords.LostRunException(r.row.runId());
                }
                LOG.log(Level.INFO, "writing the turn-complete of " + r.row.friendlyId() + " failed; retrying", ex);
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
            throw new TurnRecords.LostRunException(r.row.runId());
        }
    }

    void afterTurn(Turn turn, String timedOut) {
        if (timedOut != null) {
            r.end("TIMED_OUT", timedOut);
        } else if (r.closedReason != null) {
            r.end("COMPLETED", "session closed");
        } else if (turn.upgradeRequested()) {
            r.e.handoff.upgrade(r.row.sessionId(), r.row.runId());
            r.end("COMPLETED", "upgrade");
        } else if (turn.endRunRequested()) {
            r.end("COMPLETED", "endRun");
        } else if (r.agent != null && r.turns >= r.agent.maxTurns()) {
            r.end("COMPLETED", "maxTurns");
        }
    }
}
