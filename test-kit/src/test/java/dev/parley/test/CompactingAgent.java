package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Compaction;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.PrepareMessages;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import dev.parley.agent.model.ModelMessage;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps its history under 100 estimated tokens, summarised by the model named {@code summary} with the last two
 * messages kept verbatim; a {@code {"type":"compact"}} action compacts at once and says what it did. It tells its
 * model when the history it sees was compacted, and why. A message starting "twice" makes two model calls.
 */
@ChatAgent(id = "compacting")
public class CompactingAgent implements Agent {

    @Inject
    Models models;

    private Compaction compaction() {
        return new Compaction(100, 2, Compaction.modelSummarizer(models.get("summary")), null);
    }

    @Override
    public void run(Turn turn) {
        if (turn.lastUserText().startsWith("twice")) { // a draft first, then the answer: two model calls in one turn
            turn.stream(models.defaultModel(), request());
        }
        turn.stream(models.defaultModel(), request());
    }

    private StreamRequest.Builder request() {
        return StreamRequest.builder().system("You keep track of the plan.")
                .compaction(compaction())
                .prepareMessages(PrepareMessages.withReason((step, messages, compacted) -> {
                    if (compacted == null) {
                        return messages;
                    }
                    List<ModelMessage> noted = new ArrayList<>(messages);
                    noted.add(new ModelMessage.System("The history was compacted: " + compacted.wire()));
                    return noted;
                }));
    }

    @On(Hook.ACTION)
    void compactNow(Lifecycle.Action event) {
        Compaction.HistoryCompacted done = event.turn().compact(compaction());
        try (Turn.TextWriter text = event.turn().text()) {
            text.append(done == null ? "Nothing to compact yet."
                    : "Compacted " + done.messagesBefore() + " messages into " + done.messagesAfter() + ".");
        }
    }
}
