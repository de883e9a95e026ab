package dev.parley.runs.control;

import dev.parley.agent.Compaction;
import dev.parley.agent.model.Usage;
import dev.parley.auth.control.SessionTokens;
import dev.parley.sessions.control.SessionUsage;
import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.telemetry.control.TurnTraces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * Closes a turn durably (wire rule W21): the turn's closing chunks ({@code error}, {@code finish}/{@code abort}), the
 * {@code turn-complete} control record, the {@code trim} back to the previous turn-complete, the run's consumed
 * {@code .in} cursor, the snapshot and the session's usage (with the record of a compaction the snapshot's history
 * went through) commit in one transaction, so the cursor of record can never drift from what
 * the client was told, and a turn that shows its end has its turn-complete. If this node lost the run's lease,
 * nothing is written.
 */
@ApplicationScoped
public class TurnRecords {

    @Inject
    Appender appender;

    @Inject
    RunRows rows;

    @Inject
    Snapshots snapshots;

    @Inject
    SessionTokens tokens;

    @Inject
    SessionUsage sessionUsage;

    @Inject
    TurnTraces traces;

    /** What a finished turn (or action) leaves behind. */
    public record Completion(String runId, String node, String sessionId, String environmentId, String addressingKey,
                             long inCursor, Long previousTurnComplete, boolean withToken, String closedReason,
                             String messages, String state, boolean countTurn, long executedMs, Usage usage,
                             List<NewRecord> closing, Compaction.HistoryCompacted compaction) {
        public Completion {
            closing = List.copyOf(closing);
        }
    }

    /** The turn-complete's seq, and the session's usage after the turn (null for an action, which counts none). */
    public record Completed(long seq, SessionUsage.Totals usage) {
    }

    /** The turn's first chunks and the run's move to STREAMING commit together (one commit before the first delta). */
    @Transactional
    public List<dev.parley.streams.entity.StreamRecord> startTurn(String runId, String node, String sessionId,
                                                                  List<NewRecord> firstChunks) {
        if (!rows.status(runId, node, "STREAMING")) {
            throw new LostRunException(runId);
        }
        return appender.append(sessionId, Io.OUT, firstChunks);
    }

    /** Returns the seq of the turn-complete record. */
    @Transactional
    public Completed complete(Completion c) {
        // the session row before .out's head: the order closing a session takes them in, so the two cannot deadlock
        if (c.compaction() != null) { // before the turn's own, so the totals the turn reports include the summary
            sessionUsage.addCompaction(c.sessionId(), compactionRecord(c.compaction()), c.compaction().usage());
        }
        SessionUsage.Totals usage = c.usage() == null ? null : sessionUsage.addTurn(c.sessionId(), c.usage());
        String token = c.withToken() ? tokens.mintForSession(c.environmentId(), c.addressingKey()) : null;
        NewRecord record = NewRecord.control("turn-complete",
                "public-access-token", token,
                "session-in-event-id", c.inCursor() < 0 ? null : Long.toString(c.inCursor()),
                "session-closed", c.closedReason() == null ? null : "true",
                "session-closed-reason", c.closedReason());
        List<NewRecord> records = new java.util.ArrayList<>(c.closing());
        records.add(record);
        List<dev.parley.streams.entity.StreamRecord> written = appender.append(c.sessionId(), Io.OUT, records);
        long seq = written.get(written.size() - 1).seq();
        if (c.previousTurnComplete() != null) {
            appender.trim(c.sessionId(), Io.OUT, c.previousTurnComplete());
        }
        // the console's trace id and model calls: one row per turn, and only on the turn's own thread
        traces.recordCurrentTurn(c.sessionId(), seq, c.previousTurnComplete());
        if (!rows.turnCompleted(c.runId(), c.node(), c.inCursor(), seq, c.countTurn(), c.state(), c.executedMs())) {
            throw new LostRunException(c.runId());
        }
        snapshots.save(c.sessionId(), c.messages(), seq, c.inCursor());
        return new Completed(seq, usage);
    }

    /** A compaction taken after the turn-complete at {@code turnComplete}: its compacted history and record. */
    public record Compacted(String runId, String node, String sessionId, String messages, long turnComplete,
                            long inCursor, Compaction.HistoryCompacted compaction) {
    }

    /**
     * Rewrites the snapshot taken at the turn-complete with the compacted history, and records the compaction on the
     * session, while the run is still this node's: the run's row is locked (after the session's, the order the
     * turn-complete takes them in), so a recovery that takes the run over waits for this transaction, and a run taken
     * over already writes nothing (the exception rolls the session's record back).
     */
    @Transactional
    public void compacted(Compacted c) {
        sessionUsage.addCompaction(c.sessionId(), compactionRecord(c.compaction()), c.compaction().usage());
        if (!rows.lockHeld(c.runId(), c.node())) {
            throw new LostRunException(c.runId());
        }
        snapshots.save(c.sessionId(), c.messages(), c.turnComplete(), c.inCursor());
    }

    /** What the session keeps of its latest compaction: why, the sizes before and after, the summary's usage. */
    static JsonObject compactionRecord(Compaction.HistoryCompacted c) {
        return Json.createObjectBuilder().add("reason", c.reason().wire()).add("at", Instant.now().toString())
                .add("messagesBefore", c.messagesBefore()).add("messagesAfter", c.messagesAfter())
                .add("tokensBefore", c.tokensBefore()).add("tokensAfter", c.tokensAfter())
                .add("usage", SessionUsage.json(c.usage() == null ? Usage.ZERO : c.usage())).build();
    }

    /** This node no longer holds the run (its lease expired and the run was recovered elsewhere). */
    public static class LostRunException extends RuntimeException {
        public LostRunException(String runId) {
            super("run " + runId + " is no longer held by this node");
        }
    }
}
