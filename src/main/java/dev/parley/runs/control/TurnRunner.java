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
import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.Ids;
import dev.parley.streams.entity.Io;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    TurnRunner(LiveRun run) {
        this.r = run;
    }

    /**
     * One turn. A trailing assistant message (after a merged tool approval or client-side tool result) is continued
     * under its own id; otherwise a new assistant message is started. {@code invalid} answers with an error at once.
     */
    void runTurn(JsonValue metadata, long inSeq, String invalid) {
        long startedNanos = System.nanoTime();
        r.waiting = false;
        String failure = invalid != null ? invalid : hydrate();
        AbortSignal stop = new AbortSignal();
        if (r.closedReason != null) {
            stop.abort("session closed");
        }
        r.activeStop = stop;
        UIMessage last = r.history.isEmpty() ? null : r.history.getLast();
        boolean continuing = last != null && last.role() == Role.ASSISTANT;
        String messageId = continuing ? last.id() : "msg_" + Ids.random(20);
        String sessionId = r.row.sessionId();
        ChunkWriter writer = new ChunkWriter((batch, first) -> first
                ? r.e.turnRecords.startTurn(r.row.runId(), RunEngine.NODE, sessionId, batch)
                : r.e.groupCommit.appendAll(sessionId, Io.OUT, batch), r.e.executor);
        MessageAccumulator draft = new MessageAccumulator(continuing ? last : null);
        Consumer<UIMessageChunk> sink = c -> {
            draft.accept(c); // throws on a chunk the client's reducer would reject, before it is written
            writer.write(ChunkCodec.toJsonText(c));
        };
        sink.accept(new UIMessageChunk.Start(messageId, null));
        // the turn's own limit, or what is left of the run's maxDuration if that comes first
        long limitMs = (r.agent == null ? 60 : r.agent.turnTimeoutSeconds()) * 1000L;
        String limit = "turn timeout";
        long budgetMs = r.maxDurationMs() == 0 ? Long.MAX_VALUE : Math.max(0, r.maxDurationMs() - r.executedMs);
        if (budgetMs < limitMs) {
            limitMs = budgetMs;
            limit = "max duration";
        }
        AtomicReference<String> timedOut = new AtomicReference<>();
        String reachedLimit = limit;
        ScheduledFuture<?> timeout = r.e.scheduler.schedule(() -> {
            timedOut.set(reachedLimit);
            stop.abort(reachedLimit);
        }, limitMs, TimeUnit.MILLISECONDS);
        String error = null;
        Turn turn = new Turn(r.agentId(), r.chatId(), r.row.friendlyId(), r.turns + 1, messageId,
                r.history, metadata, r.state, sink, stop);
        turn.subAgents(new ChildChats(r.e, r.row, 2, Math.max(1000, limitMs)));
        Steering steering = r.agent != null && r.agent.config().steering() ? new Steering() : null;
        if (steering != null) {
            turn.steering(steering);
            r.steering = steering;
        }
        try {
            if (failure != null) {
                throw new IllegalArgumentException(failure);
            }
            r.requireAgent();
            r.e.payloads.check("client data", metadata, r.agent.config().clientData());
            if (!r.row.continuation() && r.turns == 0 && !"RECOVERY".equals(r.row.reason())) {
                r.reach(new Lifecycle.ChatStart(r.agentId(), r.chatId(), r.row.friendlyId(), metadata));
            }
            r.reach(new Lifecycle.ValidateMessages(r.agentId(), r.chatId(), r.row.friendlyId(), List.copyOf(r.history)));
            r.e.phases.enter(new Lifecycle.TurnStart(r.agentId(), r.chatId(), r.row.friendlyId(), turn), r.agent, () -> {
                r.body.run(turn);
                return null;
            });
            r.reach(new Lifecycle.BeforeTurnComplete(r.agentId(), r.chatId(), r.row.friendlyId(), turn));
        } catch (Exception ex) {
            error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            LOG.log(Level.INFO, "turn " + (r.turns + 1) + " of " + r.row.friendlyId() + " failed", ex);
            writer.write(ChunkCodec.toJsonText(new UIMessageChunk.Error(error)));
        } finally {
            timeout.cancel(false);
        }
        boolean stopped = stop.aborted();
        FinishReason reason = error != null ? FinishReason.ERROR : turn.finishReason();
        UIMessageChunk end = stopped ? new UIMessageChunk.Abort(null) : new UIMessageChunk.Finish(reason);
        draft.accept(end);
        writer.write(ChunkCodec.toJsonText(end));
        writer.finish();
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
            r.history.set(r.history.size() - 1, draft.message());
        } else {
            r.history.add(draft.message());
        }
        long tc = complete(answered, true, true, startedNanos);
        r.reach(new Lifecycle.TurnComplete(r.agentId(), r.chatId(), r.row.friendlyId(), r.turns, List.copyOf(r.history),
                reason == null ? null : reason.wire(), stopped, error, tc));
        afterTurn(turn, timedOut.get());
    }

    /**
     * With a {@code HYDRATE_MESSAGES} hook the agent's own store is the source of truth: its conversation replaces
     * the history and the message being answered is added to it. Returns an error text if the hook failed.
     */
    private String hydrate() {
        if (r.agent == null || r.agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty()) {
            return null;
        }
        UIMessage incoming = r.history.isEmpty() ? null : r.history.getLast();
        AtomicReference<List<UIMessage>> loaded = new AtomicReference<>();
        try {
            r.reach(new Lifecycle.HydrateMessages(r.agentId(), r.chatId(), r.row.friendlyId(), List.copyOf(r.history), loaded::set));
        } catch (RuntimeException ex) {
            return "hydrateMessages failed: " + ex.getMessage();
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
        ChunkWriter writer = new ChunkWriter(ChunkWriter.toOut(r.e.groupCommit, r.row.sessionId()), r.e.executor);
        AtomicReference<MessageAccumulator> response = new AtomicReference<>();
        Consumer<UIMessageChunk> sink = c -> {
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
        try {
            r.requireAgent();
            r.e.payloads.check("client data", in.metadata(), r.agent.config().clientData());
            r.e.payloads.check("action", in.action(), r.agent.config().actions());
            r.reach(new Lifecycle.Action(r.agentId(), r.chatId(), r.row.friendlyId(), in.action(), in.metadata(), turn));
        } catch (Exception ex) {
            sink.accept(new UIMessageChunk.Error(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        }
        if (response.get() != null) {
            writer.write(ChunkCodec.toJsonText(new UIMessageChunk.Finish(FinishReason.STOP)));
        }
        writer.finish();
        r.activeStop = null;
        complete(inSeq, false, false, startedNanos);
    }

    long complete(long inSeq, boolean withToken, boolean countTurn, long startedNanos) {
        r.inCursor = Math.max(r.inCursor, inSeq);
        long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
        r.executedMs += tookMs;
        long tc = r.e.turnRecords.complete(new TurnRecords.Completion(r.row.runId(), RunEngine.NODE, r.row.sessionId(),
                r.row.environmentId(), r.row.addressingKey(), r.inCursor, r.turnComplete, withToken, r.closedReason,
                UIMessageCodec.toJsonText(r.history), r.state.toJson(), countTurn, tookMs));
        r.turnComplete = tc;
        if (countTurn) {
            r.turns++;
        }
        return tc;
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
