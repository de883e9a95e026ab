package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Skill;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import dev.parley.agent.model.DemoModel;

import java.time.Duration;

/**
 * Test deployments only: the demo model with the {@code it-notes} skill from the deployment's classpath, so a
 * message {@code /tool loadSkill {"name":"it-notes"}} makes the model load it and report what it read.
 */
@ChatAgent(id = "it-skills", idleTimeoutSeconds = 5)
public class SkillProbeAgent implements Agent {

    private final Skill notes = Skill.classpath("skills/it-notes");
    private final DemoModel model = new DemoModel("demo", Duration.ZERO);

    @Override
    public void run(Turn turn) {
        turn.stream(model, StreamRequest.builder().system("You are the skills probe.").skills(notes));
    }
}
