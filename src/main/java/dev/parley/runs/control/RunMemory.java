package dev.parley.runs.control;

import dev.parley.agent.ChatState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.ModelMessage;
import dev.parley.runs.entity.RunRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a live run knows between records: the conversation, the agent's state, the {@code .in} cursor, the last
 * turn-complete, the turn count and the time its turns took. It is what a turn-complete stores (the run row and the
 * snapshot), and it changes only on the run's drain thread; the counters move only once a turn-complete committed
 * ({@link #completed}), so memory never runs ahead of what a recovery would find.
 */
final class RunMemory {

    private List<UIMessage> history = new ArrayList<>();
    private final ChatState state;
    /** Turn.inject's queue: the run's, so what one turn queues after its last model call reaches the next turn. */
    private final Queue<ModelMessage> injected = new ConcurrentLinkedQueue<>();
    private long inCursor;
    private Long turnComplete;
    private int turns;
    /** Time this run's turns have taken, across suspensions (what {@code maxDuration} bounds). */
    private long executedMs;

    RunMemory(RunRow row) {
        this.state = new ChatState(row.state());
        this.inCursor = row.inCursor();
        this.turnComplete = row.turnCompleteSeq();
        this.turns = row.turns();
        this.executedMs = row.executedMs();
    }

    /** The conversation, as the turn's agent sees it and the turn's answer is added to. */
    List<UIMessage> history() {
        return history;
    }

    void history(List<UIMessage> replaced) {
        history = new ArrayList<>(replaced);
    }

    ChatState state() {
        return state;
    }

    Queue<ModelMessage> injected() {
        return injected;
    }

    /** The last {@code .in} seq answered or consumed. */
    long inCursor() {
        return inCursor;
    }

    void consumed(long seq) {
        inCursor = Math.max(inCursor, seq);
    }

    /** The seq of the last turn-complete on {@code .out}, or null before the first. */
    Long turnComplete() {
        return turnComplete;
    }

    /** After a suspension or a crash: the cursors the snapshot recorded. */
    void restore(Snapshots.Snapshot s) {
        if (turnComplete == null) {
            turnComplete = s.lastOutSeq();
        }
        inCursor = Math.max(inCursor, s.lastInSeq());
    }

    int turns() {
        return turns;
    }

    long executedMs() {
        return executedMs;
    }

    /** A turn-complete committed at {@code seq}. */
    void completed(long seq, long tookMs, boolean countTurn) {
        executedMs += tookMs;
        turnComplete = seq;
        if (countTurn) {
            turns++;
        }
    }
}
