package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.Turn;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Test deployments only: answers with its prompt as the catalog gives it for this turn (rendered with the user's
 * message as {@code who}) and the model the prompt names, so a test sees a console override reach the next turn.
 */
@ChatAgent(id = "it-prompts", idleTimeoutSeconds = 5, prompts = PromptProbeAgent.GREETING)
public class PromptProbeAgent implements Agent {

    public static final String GREETING = "it-greeting";

    @Produces
    static final Prompt V1 = new Prompt(GREETING, 1, "Hello {{who}}.");

    @Produces
    static final Prompt V2 = new Prompt(GREETING, 2, "Good day, {{who}}!", "default");

    @Inject
    PromptCatalog prompts;

    @Override
    public void run(Turn turn) {
        Prompt p = prompts.get(GREETING);
        try (Turn.TextWriter text = turn.text()) {
            text.append(p.render(Map.of("who", turn.lastUserText())) + " [v" + p.version() + " model=" + p.model() + "]");
        }
    }
}
