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

/** Answers through its model; after a crash its policy decides whether the partial answer is continued. */
@ChatAgent(id = "recovering")
public class RecoveringAgent implements Agent {

    /** What the agent does with a crashed turn's partial answer. */
    public interface Policy {
        boolean answerFromScratch();
    }

    @Inject
    Models models;

    @Inject
    Policy policy;

    @On(Hook.RECOVERY_BOOT)
    void recovered(Lifecycle.RecoveryBoot event) {
        if (policy.answerFromScratch()) {
            event.answerFromScratch();
        }
    }

    @Override
    public void run(Turn turn) {
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You answer in two halves."));
    }
}
