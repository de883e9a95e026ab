package dev.parley.agent;

import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.Usage;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What each {@link Hook} carries. Also fired as CDI events, so audit or metrics code can observe every agent. */
public sealed interface Lifecycle {

    String agentId();

    String chatId();

    String runId();

    record Boot(String agentId, String chatId, String runId, boolean continuation, String reason) implements Lifecycle {
    }

    /**
     * @param partial        the assistant message the crashed run was writing (folded from {@code .out}), or null. By
     *                       default the recovery's first turn continues it: it stays in the history as the assistant's
     *                       unfinished answer and the model is asked to go on from there
     * @param discardPartial what {@link #answerFromScratch()} does
     */
    record RecoveryBoot(String agentId, String chatId, String runId, List<UIMessage> messages, UIMessage partial,
                        Runnable discardPartial) implements Lifecycle {

        public RecoveryBoot(String agentId, String chatId, String runId, List<UIMessage> messages, UIMessage partial) {
            this(agentId, chatId, runId, messages, partial, () -> { });
        }

        /** The recovery answers the unanswered messages anew, in a new message; the partial one stays as it was. */
        public void answerFromScratch() {
            discardPartial.run();
        }
    }

    record Preload(String agentId, String chatId, String runId, JsonValue clientData) implements Lifecycle {
    }

    record ChatStart(String agentId, String chatId, String runId, JsonValue clientData) implements Lifecycle {
    }

    /** Call {@code use} with the conversation from the agent's own store; the new message is added after it. */
    record HydrateMessages(String agentId, String chatId, String runId, List<UIMessage> current,
                           Consumer<List<UIMessage>> use) implements Lifecycle {
    }

    record ValidateMessages(String agentId, String chatId, String runId, List<UIMessage> messages) implements Lifecycle {
    }

    record TurnStart(String agentId, String chatId, String runId, Turn turn) implements Lifecycle {
    }

    record BeforeTurnComplete(String agentId, String chatId, String runId, Turn turn) implements Lifecycle {
    }

    /**
     * @param lastEventId       the seq of the turn's {@code turn-complete} record on {@code .out}
     * @param error             the error text if the turn failed, else null
     * @param usage             the tokens this turn spent ({@link Turn#usage()})
     * @param usageByModel      the same per model name, for cost attribution
     * @param previousTurnUsage the chat's turn before this one, {@link Usage#ZERO} for its first
     * @param totalUsage        the chat's turns so far, across its runs, this one included
     */
    record TurnComplete(String agentId, String chatId, String runId, int turnNumber, List<UIMessage> messages,
                        String finishReason, boolean stopped, String error, long lastEventId, Usage usage,
                        Map<String, Usage> usageByModel, Usage previousTurnUsage, Usage totalUsage) implements Lifecycle {
    }

    record Action(String agentId, String chatId, String runId, JsonValue action, JsonValue clientData, Turn turn)
            implements Lifecycle {

        /** The action read as {@code type} (already validated when the agent declares {@code actions=type}). */
        public <T> T action(Class<T> type) {
            return Turn.JSONB.fromJson(action.toString(), type);
        }
    }

    record ChatSuspend(String agentId, String chatId, String runId) implements Lifecycle {
    }

    record ChatResume(String agentId, String chatId, String runId) implements Lifecycle {
    }
}
