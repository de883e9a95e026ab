package dev.parley.runs.control;

/**
 * What a run started after a crash knows of the turn the crashed run was streaming: the assistant message it had
 * written after its last turn-complete. The first record after the cursor decides its fate (the crashed turn was
 * answering it): a turn that answers that record continues the message (docs/runs.md); anything else drops it.
 */
final class CrashedTurn {

    /** The partial message, until the first record after the crash is handled (or the recovery hook drops it). */
    private PartialAnswer partial;
    /** The partial message spliced into the history, for the turn about to open. */
    private PartialAnswer.Continuation continuation;

    /** At boot: what the crashed run left, or null. */
    void found(PartialAnswer left) {
        partial = left;
    }

    /** The partial message, for the recovery boot hook; null if none. */
    PartialAnswer partial() {
        return partial;
    }

    /** The recovery boot hook chose to answer afresh. */
    void drop() {
        partial = null;
    }

    /**
     * The first record after the cursor is being handled: if a turn answers it ({@code continues}), that turn
     * continues the partial message, spliced into the history now. Later records find nothing here.
     */
    void firstRecord(boolean continues, RunMemory memory) {
        PartialAnswer left = partial;
        partial = null;
        if (continues && left != null) {
            continuation = left.continueIn(memory.history());
            memory.history(continuation.history());
        }
    }

    /** The turn about to start continues the crashed turn's message: its open turn, else null. */
    OpenTurn take(String where, ChunkWriter writer) {
        PartialAnswer.Continuation c = continuation;
        continuation = null;
        return c == null ? null : c.open(where, writer);
    }
}
