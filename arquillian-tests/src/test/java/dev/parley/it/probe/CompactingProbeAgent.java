package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Compaction;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/**
 * Test deployments only: answers through the {@code openai} model (the provider fixture) and compacts its history
 * with the same model, keeping the last two messages; its threshold is out of reach, so only an action compacts,
 * unless the message says "low" (a threshold of one token: every turn's end compacts what is before the last two
 * messages). Any action compacts at once and says how many messages it folded.
 */
@ChatAgent(id = "it-compact", idleTimeoutSeconds = 5)
public class CompactingProbeAgent implements Agent {

    @Inject
    Models models;

    private Compaction compaction() {
        return compaction(1_000_000);
    }

    private Compaction compaction(int threshold) {
        return new Compaction(threshold, 2, Compaction.modelSummarizer(models.get("openai")), null);
    }

    @Override
    public void run(Turn turn) {
        turn.stream(models.get("openai"), StreamRequest.builder().system("You are the compaction probe.")
                .compaction(compaction(turn.lastUserText().contains(" low ") ? 1 : 1_000_000)));
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
