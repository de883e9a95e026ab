package dev.parley.agent;

import dev.parley.agent.model.ModelMessage;

import java.util.List;

/**
 * Rewrites the messages right before each model call of a turn ({@code step} counts from 0), e.g. to trim them. A
 * hook that needs to know whether the history was compacted, and why, implements the three-argument form
 * ({@link #withReason}); the loop always calls that one, which by default forwards to the two-argument form.
 */
@FunctionalInterface
public interface PrepareMessages {

    List<ModelMessage> prepare(int step, List<ModelMessage> messages);

    /**
     * @param compacted why the messages start from a summary: {@link Compaction.Reason#WITHIN_TURN} once this turn's
     *                  loop compacted them, else the reason the stored history was compacted (between turns, or on
     *                  request); null when they are the whole conversation
     */
    default List<ModelMessage> prepare(int step, List<ModelMessage> messages, Compaction.Reason compacted) {
        return prepare(step, messages);
    }

    /** The form that is told the compaction reason. */
    @FunctionalInterface
    interface WithReason {
        List<ModelMessage> prepare(int step, List<ModelMessage> messages, Compaction.Reason compacted);
    }

    /** A hook that is told why the history was compacted (null when it was not). */
    static PrepareMessages withReason(WithReason hook) {
        return new PrepareMessages() {
            @Override
            public List<ModelMessage> prepare(int step, List<ModelMessage> messages) {
                return hook.prepare(step, messages, null);
            }

            @Override
            public List<ModelMessage> prepare(int step, List<ModelMessage> messages, Compaction.Reason compacted) {
                return hook.prepare(step, messages, compacted);
            }
        };
    }
}
