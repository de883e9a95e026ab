package dev.parley.runs.control;

import dev.parley.agents.Agent;
import dev.parley.agents.ChatState;
import dev.parley.agents.Lifecycle;
import dev.parley.agents.Turn;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.runs.entity.RunRow;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.chat.entity.FinishReason;
import dev.parley.chat.entity.Role;
import dev.parley.chat.entity.UIMessage;
import dev.parley.chat.entity.UIMessageChunk;
import dev.parley.models.entity.AbortSignal;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run held in memory by this node (BOOTING, STREAMING or WAITING). Invariants (ARCHITECTURE §3–4): the run reads
 * {@code .in} strictly after its committed cursor, in seq order, one record at a time; at most one drain runs at a
 * time, so turns never overlap; a WAITING run holds no thread (a wake schedules a drain); a stop is applied only to
 * the turn streaming when it arrives and is otherwise consumed, never buffered for a later turn. Every state change
 * is a compare-and-set on the run row under this node's lease; losing the lease abandons the run without writing.
 */
final class LiveRun implements TailHub.Listener {

    private static final Logger LOG = Logger.getLogger(LiveRun.class.getName());
    private static final int PAGE = 100;

    private final RunEngine e;
    private final RunRow row;
    private final AgentDescriptor agent;
    private final Agent body;
    private final JsonObject payload;
    private List<UIMessage> history = new ArrayList<>();
    private final ChatState state;

    private long inCursor;
    private Long turnComplete;
    private int turns;
    private boolean booted;
    private boolean waiting;
    private boolean ended;
    private boolean draining;
    private boolean dirty;
    private boolean suspendWanted;
    private int idleGeneration;
    private volatile AbortSignal activeStop;
    private volatile String closedReason;

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
    }

    String runId() {
        return row.runId();
    }

    /** Records reach a live run from memory (or, from other nodes, through NOTIFY): stops and closes act at once. */
    @Override
    public void offer(List<StreamRecord> records) {
        for (StreamRecord r : records) {
            if (r.controlSubtype() != null) {
                if ("session-closed".equals(r.controlSubtype())) {
                    closedReason = "closed";
                    stopTurn();
                }
            } else if (activeStop != null && InputRecord.of(r).isStop()) {
                stopTurn();
            }
        }
        wake();
    }

    void wake() {
        synchronized (this) {
            dirty = true;
            if (draining || ended) {
                return;
            }
            draining = true;
        }
        e.executor.execute(this::drain);
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
        } catch (RuntimeException ex) {
            LOG.log(Level.SEVERE, "run " + row.friendlyId() + " failed", ex);
            end("FAILED", ex.getClass().getSimpleName());
        } finally {
            synchronized (this) {
                if (ended) {
                    draining = false;
                }
            }
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
        e.hub.register(row.sessionId(), Io.IN, this);
        e.hub.register(row.sessionId(), Io.OUT, this);
        e.snapshots.load(row.sessionId()).ifPresent(s -> {
            history = new ArrayList<>(UIMessageCodec.parseArray(s.messages()));
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
            reach(new Lifecycle.RecoveryBoot(agentId(), chatId(), row.friendlyId(), List.copyOf(history)));
        }
        if (row.continuation()) {
            return;
        }
        String trigger = payload.getString("trigger", "");
        if ("preload".equals(trigger)) {
            reach(new Lifecycle.Preload(agentId(), chatId(), row.friendlyId(), payload.get("metadata")));
        } else if ("submit-message".equals(trigger) && payload.get("message") instanceof JsonObject m) {
            history = new ArrayList<>(MessageMerge.upsert(history, UIMessageCodec.fromJson(m)));
            runTurn(payload.get("metadata"), inCursor, null);
        }
    }

    private void handle(StreamRecord r) {
        InputRecord in = InputRecord.of(r);
        switch (in.trigger()) {
            case "submit-message" -> {
                if (in.message() != null) {
                    history = new ArrayList<>(MessageMerge.upsert(history, in.message()));
                }
                runTurn(in.metadata(), r.seq(), in.invalid());
            }
            case "regenerate-message" -> {
                while (!history.isEmpty() && history.getLast().role() == Role.ASSISTANT) {
                    history.removeLast();
                }
                runTurn(in.metadata(), r.seq(), null);
            }
            case "action" -> runAction(in, r.seq());
            case "close" -> {
                consume(r.seq());
                end("COMPLETED", "close");
            }
            default -> consume(r.seq());
        }
    }

    /**
     * One turn. A trailing assistant message (after a merged tool approval or client-side tool result) is continued
     * under its own id; otherwise a new assistant message is started. {@code invalid} answers with an error at once.
     */
    private void runTurn(JsonValue metadata, long inSeq, String invalid) {
        waiting = false;
        AbortSignal stop = new AbortSignal();
        if (closedReason != null) {
            stop.abort("session closed");
        }
        activeStop = stop;
        if (!e.rows.status(row.runId(), RunEngine.NODE, "STREAMING")) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        UIMessage last = history.isEmpty() ? null : history.getLast();
        boolean continuing = last != null && last.role() == Role.ASSISTANT;
        String messageId = continuing ? last.id() : "msg_" + Ids.random(20);
        ChunkWriter writer = new ChunkWriter(e.appender, row.sessionId(), e.executor);
        MessageAccumulator draft = new MessageAccumulator(continuing ? last : null);
        Consumer<UIMessageChunk> sink = c -> {
            draft.accept(c); // throws on a chunk the client's reducer would reject, before it is written
            writer.write(ChunkCodec.toJsonText(c));
        };
        sink.accept(new UIMessageChunk.Start(messageId, null));
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timeout = e.scheduler.schedule(() -> {
            timedOut.set(true);
            stop.abort("turn timeout");
        }, agent == null ? 60 : agent.config().turnTimeoutSeconds(), TimeUnit.SECONDS);
        String error = null;
        Turn turn = new Turn(agentId(), chatId(), row.friendlyId(), turns + 1, messageId,
                history, metadata, state, sink, stop);
        try {
            if (invalid != null) {
                throw new IllegalArgumentException(invalid);
            }
            requireAgent();
            if (!row.continuation() && turns == 0 && !"RECOVERY".equals(row.reason())) {
                reach(new Lifecycle.ChatStart(agentId(), chatId(), row.friendlyId(), metadata));
            }
            reach(new Lifecycle.ValidateMessages(agentId(), chatId(), row.friendlyId(), List.copyOf(history)));
            e.phases.enter(new Lifecycle.TurnStart(agentId(), chatId(), row.friendlyId(), turn), agent, () -> {
                body.run(turn);
                return null;
            });
            reach(new Lifecycle.BeforeTurnComplete(agentId(), chatId(), row.friendlyId(), turn));
        } catch (Exception ex) {
            error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            LOG.log(Level.INFO, "turn " + (turns + 1) + " of " + row.friendlyId() + " failed", ex);
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
        activeStop = null;
        if (continuing) {
            history.set(history.size() - 1, draft.message());
        } else {
            history.add(draft.message());
        }
        long tc = complete(inSeq, true, true);
        reach(new Lifecycle.TurnComplete(agentId(), chatId(), row.friendlyId(), turns, List.copyOf(history),
                reason.wire(), stopped, error, tc));
        afterTurn(turn, timedOut.get());
    }

    private void runAction(InputRecord in, long inSeq) {
        waiting = false;
        AbortSignal stop = new AbortSignal();
        activeStop = stop;
        String messageId = "msg_" + Ids.random(20);
        ChunkWriter writer = new ChunkWriter(e.appender, row.sessionId(), e.executor);
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
        Turn turn = new Turn(agentId(), chatId(), row.friendlyId(), turns, messageId, history, in.metadata(), state, sink, stop);
        try {
            requireAgent();
            reach(new Lifecycle.Action(agentId(), chatId(), row.friendlyId(), in.action(), in.metadata(), turn));
        } catch (Exception ex) {
            sink.accept(new UIMessageChunk.Error(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        }
        if (response.get() != null) {
            writer.write(ChunkCodec.toJsonText(new UIMessageChunk.Finish(FinishReason.STOP)));
        }
        writer.finish();
        activeStop = null;
        complete(inSeq, false, false);
    }

    private long complete(long inSeq, boolean withToken, boolean countTurn) {
        inCursor = Math.max(inCursor, inSeq);
        long tc = e.turnRecords.complete(new TurnRecords.Completion(row.runId(), RunEngine.NODE, row.sessionId(),
                row.environmentId(), row.addressingKey(), inCursor, turnComplete, withToken, closedReason,
                UIMessageCodec.toJsonText(history), state.toJson(), countTurn));
        turnComplete = tc;
        if (countTurn) {
            turns++;
        }
        return tc;
    }

    private void afterTurn(Turn turn, boolean timedOut) {
        if (timedOut) {
            end("TIMED_OUT", "turn timeout");
        } else if (closedReason != null) {
            end("COMPLETED", "session closed");
        } else if (turn.upgradeRequested()) {
            e.handoff.upgrade(row.sessionId(), row.runId());
            end("COMPLETED", "upgrade");
        } else if (turn.endRunRequested()) {
            end("COMPLETED", "endRun");
        } else if (agent != null && turns >= agent.config().maxTurns()) {
            end("COMPLETED", "maxTurns");
        }
    }

    /** A record that is not a turn still moves the cursor, so no later run replays it. */
    private void consume(long seq) {
        inCursor = Math.max(inCursor, seq);
        if (!e.rows.turnCompleted(row.runId(), RunEngine.NODE, inCursor, null, false, state.toJson())) {
            throw new TurnRecords.LostRunException(row.runId());
        }
    }

    private void goWaiting() {
        if (waiting) {
            return;
        }
        if (!e.rows.status(row.runId(), RunEngine.NODE, "WAITING")) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        int generation;
        synchronized (this) {
            waiting = true;
            generation = ++idleGeneration;
        }
        int idle = agent == null ? 1 : agent.config().idleTimeoutSeconds();
        e.idleTimers.arm(row.runId(), generation, idle);
    }

    private void suspend() {
        suspendWanted = false;
        try {
            reach(new Lifecycle.ChatSuspend(agentId(), chatId(), row.friendlyId()));
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "onChatSuspend of " + row.friendlyId() + " failed; suspending anyway", ex);
        }
        long deadline = agent == null ? 60 : agent.config().suspendedTimeoutSeconds();
        if (!e.rows.suspend(row.runId(), RunEngine.NODE, state.toJson(), deadline)) {
            throw new TurnRecords.LostRunException(row.runId());
        }
        release();
        // a record committed while we suspended may not have woken anyone: look once more
        if (e.reader.nextSeq(row.sessionId(), Io.IN) - 1 > inCursor) {
            e.dispatch.send(row.runId());
        }
    }

    private void end(String status, String reason) {
        e.rows.end(row.runId(), RunEngine.NODE, status, reason);
        release();
    }

    private void abandon() {
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
        e.rows.suspend(row.runId(), RunEngine.NODE, state.toJson(), agent == null ? 60 : agent.config().suspendedTimeoutSeconds());
    }

    private void requireAgent() {
        if (agent == null) {
            throw new IllegalStateException("No agent with id \"" + row.agentId() + "\" is deployed on this server");
        }
    }

    private void reach(Lifecycle moment) {
        if (agent != null) {
            e.phases.reach(moment, agent);
        }
    }

    private String agentId() {
        return row.agentId();
    }

    private String chatId() {
        return row.addressingKey();
    }

}
