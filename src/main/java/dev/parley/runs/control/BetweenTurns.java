package dev.parley.runs.control;

import dev.parley.agent.Compaction;
import dev.parley.agent.Turn;
import dev.parley.agent.model.Usage;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.runs.entity.RunRow;

import java.util.List;

/**
 * Compaction between turns (docs/agents.md, "Compaction"): after a turn whose model call was given a
 * {@link Compaction}, a history estimated at its threshold or more is replaced in the run's memory by a summary and
 * the most recent messages, and the snapshot is rewritten with it, so every later turn starts from the compacted
 * history instead of summarising again. It runs after the turn-complete (the reader does not wait for the summary
 * call); a compaction the agent asked for ({@link Turn#compact}) in the turn is stored with the turn-complete instead.
 * A failing summary leaves the history whole: the next turn tries again.
 */
final class BetweenTurns {

    private BetweenTurns() {
    }

    /**
     * Compaction by threshold after the turn-complete: the reader's turn ends without waiting for the summary call,
     * and the next message waits for it instead (it is read once the summary is stored). Returns the summary's usage
     * (zero if none was stored). A failed write leaves the compacted history in memory: the next turn-complete stores it.
     */
    static Usage afterTurnComplete(Turn turn, RunMemory memory, RunPorts ports, RunRow row, String where) {
        Compaction.HistoryCompacted done = compact(turn, memory, where);
        if (done == null) {
            return Usage.ZERO;
        }
        try {
            ports.log().compacted(new TurnRecords.Compacted(row.runId(), ports.lease().node(), row.sessionId(),
                    UIMessageCodec.toJsonText(memory.history()), memory.turnComplete(), memory.inCursor(), done));
            return done.usage() == null ? Usage.ZERO : done.usage();
        } catch (TurnRecords.LostRunException lost) {
            throw lost;
        } catch (RuntimeException ex) {
            TurnError.of(where + ": storing the compacted history", ex);
            return Usage.ZERO;
        }
    }

    /** The compaction the threshold asks for now (the history in memory replaced), or null. */
    static Compaction.HistoryCompacted compact(Turn turn, RunMemory memory, String where) {
        Compaction configured = turn.compaction();
        if (configured == null || turn.stopped()) {
            return null; // a stopped turn's signal would abort the summary at once: the next turn's end does it
        }
        try {
            Compaction.HistoryCompacted done = configured.compactHistory(List.copyOf(memory.history()),
                    Compaction.Reason.THRESHOLD, turn.stopSignal());
            if (done != null) {
                memory.history(done.messages());
            }
            return done;
        } catch (RuntimeException ex) {
            TurnError.of(where + ": compacting the history", ex); // logged with an error id; the answer stands
            return null;
        }
    }
}
