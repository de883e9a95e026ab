package dev.parley.runs.control;

import dev.parley.agent.Compaction;
import dev.parley.agent.Turn;

import java.util.List;

/**
 * Compaction between turns (docs/agents.md, "Compaction"): at the end of a turn whose model call was given a
 * {@link Compaction}, a history estimated at its threshold or more is replaced in the run's memory by a summary and
 * the most recent messages, before the turn-complete stores it, so the snapshot and every later turn start from the
 * compacted history instead of summarising again. A compaction the agent asked for ({@link Turn#compact}) in the
 * turn or action is taken as it is. A failing summary leaves the history whole: the next turn tries again.
 */
final class BetweenTurns {

    private BetweenTurns() {
    }

    /** What the turn's end records: the turn's own compaction, else one the threshold asks for now; or null. */
    static Compaction.HistoryCompacted compact(Turn turn, RunMemory memory, String where) {
        Compaction.HistoryCompacted asked = turn.takeCompacted();
        Compaction configured = turn.compaction();
        if (asked != null || configured == null || turn.stopped()) {
            return asked; // a stopped turn's signal would abort the summary at once: the next turn's end does it
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
