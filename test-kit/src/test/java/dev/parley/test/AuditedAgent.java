package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;

/**
 * Answers with the model and writes an audit entry for each turn as deferred work, off the answer's path; an action
 * ({@code {"type":"flag"}}) is audited the same way.
 */
@ChatAgent(id = "audited", actions = AuditedAgent.Flag.class)
public class AuditedAgent implements Agent {

    public static class Flag {
        public String type;
    }

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

    @On(Hook.ACTION)
    void flagged(Lifecycle.Action action) {
        action.turn().defer(() -> audit.record(0, "flagged"));
    }
}
