package dev.parley.runs.control;

import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.Appender;
import dev.parley.streams.control.GroupCommit;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The production collaborators of one live run: its {@code session_run} row under this node's lease, the session's
 * streams in PostgreSQL and the snapshot table. Each call is one of today's transactional beans, bound to the run.
 */
final class StoredRun implements RunPorts.Lease, RunPorts.Log, RunPorts.Handoff {

    /** The engine's beans a stored run works through. */
    record Beans(RunRows rows, RecordReader reader, TailHub hub, GroupCommit groupCommit, TurnRecords turnRecords,
                 Snapshots snapshots, RunHandoff handoff, RunDispatch dispatch, AppVersion version) {
    }

    private final Beans b;
    private final RunRow row;
    private final String node;
    private final Consumer<LiveRun> forget;

    StoredRun(Beans beans, RunRow row, String node, Consumer<LiveRun> forget) {
        this.b = beans;
        this.row = row;
        this.node = node;
        this.forget = forget;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String appVersion() {
        return b.version().current();
    }

    @Override
    public boolean status(RunStatus status) {
        return b.rows().status(row.runId(), node, status.name());
    }

    @Override
    public boolean consumed(long inCursor, String state) {
        return b.rows().turnCompleted(row.runId(), node, inCursor, null, false, state, 0);
    }

    @Override
    public boolean suspend(String state, long deadlineSeconds) {
        return b.rows().suspend(row.runId(), node, state, deadlineSeconds);
    }

    @Override
    public boolean end(RunStatus status, String reason) {
        return b.rows().end(row.runId(), node, status.name(), reason);
    }

    @Override
    public int crashesInARow() {
        return b.rows().crashesInARow(row.sessionId(), row.runId());
    }

    @Override
    public void released(LiveRun run) {
        forget.accept(run);
    }

    @Override
    public List<StreamRecord> input(long afterSeq, int limit) {
        return b.reader().range(row.sessionId(), Io.IN, afterSeq + 1, Long.MAX_VALUE, limit);
    }

    @Override
    public long lastInputSeq() {
        return b.reader().nextSeq(row.sessionId(), Io.IN) - 1;
    }

    @Override
    public void listen(TailHub.Listener listener) {
        b.hub().register(row.sessionId(), Io.IN, listener);
        b.hub().register(row.sessionId(), Io.OUT, listener);
    }

    @Override
    public void unlisten(TailHub.Listener listener) {
        b.hub().unregister(row.sessionId(), Io.IN, listener);
        b.hub().unregister(row.sessionId(), Io.OUT, listener);
    }

    @Override
    public List<StreamRecord> startTurn(List<NewRecord> firstChunks) {
        return b.turnRecords().startTurn(row.runId(), node, row.sessionId(), firstChunks);
    }

    @Override
    public CompletionStage<List<StreamRecord>> appendWhileHeld(List<NewRecord> chunks) {
        return b.groupCommit().appendAllAsync(row.sessionId(), Io.OUT, chunks, new Appender.Fence(row.runId(), node))
                .exceptionally(failed -> {
                    Throwable cause = failed instanceof CompletionException && failed.getCause() != null ? failed.getCause() : failed;
                    if (cause instanceof GroupCommit.FencedOut) {
                        throw new TurnRecords.LostRunException(row.runId());
                    }
                    throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                });
    }

    @Override
    public TurnRecords.Completed complete(TurnRecords.Completion completion) {
        return b.turnRecords().complete(completion);
    }

    @Override
    public void compacted(TurnRecords.Compacted compacted) {
        b.turnRecords().compacted(compacted);
    }

    @Override
    public Optional<Snapshots.Snapshot> snapshot() {
        return b.snapshots().load(row.sessionId());
    }

    @Override
    public PartialAnswer partialAnswer(Long turnComplete) {
        return PartialAnswer.read(b.reader(), row.sessionId(), turnComplete);
    }

    @Override
    public void continueIfPending(long inCursor) {
        b.handoff().continueIfPending(row.sessionId(), inCursor);
    }

    @Override
    public void upgrade() {
        b.handoff().upgrade(row.sessionId(), row.runId());
    }

    @Override
    public void redispatch() {
        b.dispatch().send(row.runId());
    }
}
