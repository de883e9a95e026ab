package dev.parley.agent;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.Usage;

import java.util.List;

/**
 * The outcome of a tool loop. {@code finishReason} is the last step's ({@code tool-calls} when the turn paused for
 * an approval or a client-side tool, or ran into the step limit); null when aborted. {@code usage} adds up every
 * model call of the turn, summaries included. {@code message} is the assistant UIMessage as the client now has it;
 * {@code responseMessages} are the model messages this turn added.
 */
public record StreamResult(FinishReason finishReason, Usage usage, int steps, List<ModelMessage> responseMessages,
                           UIMessage message, boolean aborted, String errorText) {

    public StreamResult {
        responseMessages = List.copyOf(responseMessages);
    }
}
