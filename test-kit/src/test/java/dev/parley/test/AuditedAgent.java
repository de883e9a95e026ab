package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/** Answers with the model and writes an audit entry for each turn as deferred work, off the answer's path. */
@ChatAgent(id = "audited")
public class AuditedAgent implements Agent {

    /** Where audit entries go (a table or a remote service in a real application). */
    public interface AuditLog {
        void record(int turn, String question);
    }

    @Inject
    Models models;

    @Inject
    AuditLog audit;

    @Override
    public void run(Turn turn) {
        String question = turn.lastUserText();
        turn.defer(() -> audit.record(turn.number(), question));
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You answer briefly."));
    }
}
