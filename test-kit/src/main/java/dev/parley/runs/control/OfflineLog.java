package dev.parley.runs.control;

import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.Usage;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.platform.Bodies;
import dev.parley.sessions.control.SessionUsage;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The offline session's records for its run: {@code .in} read after the cursor, {@code .out} written by turns, the
 * snapshot, and the session's usage, under the session's lock as the database would serialise them.
 */
final class OfflineLog implements RunPorts.Log {

    private final OfflineSession session;
    private final OfflineSession.Row row;

    OfflineLog(OfflineSession session, OfflineSession.Row row) {
        this.session = session;
        this.row = row;
    }

    @Override
    public List<StreamRecord> input(long afterSeq, int limit) {
        synchronized (session) {
            int from = (int) Math.max(0, Math.min(afterSeq, session.in.size()));
            return List.copyOf(session.in.subList(from, Math.min(session.in.size(), from + limit)));
        }
    }

    @Override
    public long lastInputSeq() {
        synchronized (session) {
            return session.in.size();
        }
    }

    @Override
    public void listen(TailHub.Listener listener) {
        synchronized (session) {
            session.listeners.add(listener);
        }
    }

    @Override
    public void unlisten(TailHub.Listener listener) {
        synchronized (session) {
            session.listeners.remove(listener);
        }
    }

    @Override
    public List<StreamRecord> startTurn(List<NewRecord> firstChunks) {
        synchronized (session) {
            if (!row.executing()) {
                throw new TurnRecords.LostRunException("run_" + row.id);
            }
            row.status = RunStatus.STREAMING;
            return append(firstChunks);
        }
    }

    @Override
    public CompletionStage<List<StreamRecord>> appendWhileHeld(List<NewRecord> chunks) {
        synchronized (session) {
            if (!row.executing()) {
                return CompletableFuture.failedFuture(new TurnRecords.LostRunException("run_" + row.id));
            }
            return CompletableFuture.completedFuture(append(chunks));
        }
    }

    private List<StreamRecord> append(List<NewRecord> chunks) {
        synchronized (session) {
            List<StreamRecord> written = new ArrayList<>();
            chunks.forEach(c -> written.add(session.stored(session.out, c)));
            return written;
        }
    }

    @Override
    public TurnRecords.Completed complete(TurnRecords.Completion c) {
        synchronized (session) {
            if (!row.executing()) {
                throw new TurnRecords.LostRunException(c.runId());
            }
            append(c.closing());
            long seq = session.stored(session.out, NewRecord.control("turn-complete",
                    "session-session.in-event-id", c.inCursor() < 0 ? null : Long.toString(c.inCursor()),
                    "session-closed", c.closedReason() == null ? null : "true",
                    "session-closed-reason", c.closedReason())).seq();
            row.inCursor = Math.max(row.inCursor, c.inCursor());
            row.turnComplete = seq;
            row.turns += c.countTurn() ? 1 : 0;
            row.state = c.state();
            row.executedMs += c.executedMs();
            session.snapshot = new Snapshots.Snapshot(c.messages(), seq, c.inCursor());
            // the session's token usage, as the session row keeps it: a compaction's summary, the turn before
            // this one and the total
            if (c.compaction() != null) {
                session.compactions.add(c.compaction());
                session.totalUsage = session.totalUsage.plus(c.compaction().usage());
            }
            Usage turn = c.usage() == null ? Usage.ZERO : c.usage();
            SessionUsage.Totals totals = new SessionUsage.Totals(session.lastTurnUsage, session.totalUsage.plus(turn));
            session.lastTurnUsage = turn;
            session.totalUsage = totals.total();
            return new TurnRecords.Completed(seq, totals);
        }
    }

    @Override
    public void compacted(TurnRecords.Compacted c) {
        synchronized (session) {
            if (!row.executing()) {
                throw new TurnRecords.LostRunException(c.runId());
            }
            session.compactions.add(c.compaction());
            session.totalUsage = session.totalUsage.plus(c.compaction().usage());
            session.snapshot = new Snapshots.Snapshot(c.messages(), c.turnComplete(), c.inCursor());
        }
    }

    @Override
    public Optional<Snapshots.Snapshot> snapshot() {
        synchronized (session) {
            return Optional.ofNullable(session.snapshot);
        }
    }

    /** What a crashed turn committed after the last turn-complete, folded as the server folds it. */
    @Override
    public PartialAnswer partialAnswer(Long turnComplete) {
        List<UIMessageChunk> chunks = new ArrayList<>();
        synchronized (session) {
            for (StreamRecord r : session.out) {
                if (r.seq() > (turnComplete == null ? 0 : turnComplete) && !r.command() && r.controlSubtype() == null
                        && r.body() != null && Bodies.parse(r.body()).asJsonObject().get("data") instanceof JsonObject c) {
                    chunks.add(ChunkCodec.fromJson(c));
                }
            }
        }
        return PartialAnswer.of(chunks);
    }
}
