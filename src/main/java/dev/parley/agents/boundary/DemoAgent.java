package dev.parley.agents.boundary;

import dev.parley.agents.Agent;
import dev.parley.agents.ChatAgent;
import dev.parley.agents.Turn;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent a fresh install chats with: answers with the user's words, streamed word by word
 * ({@code parley.demo.word-delay-ms} apart, 0 for as fast as possible), and stops promptly when asked.
 */
@ChatAgent(id = "demo")
public class DemoAgent implements Agent {

    @Inject
    @ConfigProperty(name = "parley.demo.word-delay-ms", defaultValue = "40")
    long wordDelayMs;

    @Override
    public void run(Turn turn) throws InterruptedException {
        String said = turn.lastUserText();
        String reply = said.isBlank() ? "Hello! Send me a message and I will stream it back to you."
                : "You said: " + said;
        try (Turn.TextWriter text = turn.text()) {
            String[] words = reply.split("(?<= )");
            for (String w : words) {
                if (turn.stopped()) {
                    return;
                }
                text.append(w);
                if (wordDelayMs > 0) {
                    Thread.sleep(wordDelayMs);
                }
            }
        }
    }
}
