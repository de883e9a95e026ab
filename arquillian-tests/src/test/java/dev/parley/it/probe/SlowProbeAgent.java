package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.On;
import dev.parley.agent.Turn;

/**
 * Test deployments only: "slow" is answered with 30 words, one every 100 ms (a turn long enough to take its run
 * away mid-answer); anything else with "ok: " and the text. It writes its answers itself, not through a model, so a
 * recovery answers from scratch instead of continuing the partial message (it would only repeat it).
 */
@ChatAgent(id = "it-slow", idleTimeoutSeconds = 30, turnTimeoutSeconds = 120)
public class SlowProbeAgent implements Agent {

    @On(Hook.RECOVERY_BOOT)
    void recovered(Lifecycle.RecoveryBoot e) {
        e.answerFromScratch();
    }

    @Override
    public void run(Turn turn) throws InterruptedException {
        String said = turn.lastUserText();
        try (Turn.TextWriter text = turn.text()) {
            if (!said.equals("slow")) {
                text.append("ok: " + said);
                return;
            }
            for (int i = 0; i < 30 && !turn.stopped(); i++) {
                text.append(" w" + i);
                Thread.sleep(100);
            }
        }
    }
}
