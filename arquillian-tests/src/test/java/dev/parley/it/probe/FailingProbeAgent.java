package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.On;
import dev.parley.agent.Turn;

/**
 * Test deployments only: an agent that fails on request. "overflow" throws a {@code StackOverflowError}, "hang"
 * blocks like a tool stuck on a socket (ignoring its stop signal and interrupts) past its 5 s turn timeout, "hook"
 * fails its turn-start hook, "secret" fails with a message that must not reach the client; anything else is
 * answered with "ok: " and the text.
 */
@ChatAgent(id = "it-failing", idleTimeoutSeconds = 30, turnTimeoutSeconds = 5)
public class FailingProbeAgent implements Agent {

    @Override
    public void run(Turn turn) {
        String said = turn.lastUserText();
        switch (said) {
            case "overflow" -> recurse(0);
            case "hang" -> hang(turn);
            case "secret" -> throw new IllegalStateException("password=hunter2 in select * from secrets");
            default -> {
                try (Turn.TextWriter text = turn.text()) {
                    text.append("ok: " + said);
                }
            }
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** Writes a little, then blocks for up to 60 s whatever it is told. */
    private static void hang(Turn turn) {
        try (Turn.TextWriter text = turn.text()) {
            text.append("working");
            long until = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(until / 1_000_000 - System.nanoTime() / 1_000_000);
                } catch (InterruptedException ignored) {
                    // a stuck tool does not notice
                }
            }
            text.append(" and never seen");
        }
    }

    @On(Hook.TURN_START)
    void turnStart(Lifecycle.TurnStart e) {
        if ("hook".equals(e.turn().lastUserText())) {
            throw new IllegalStateException("the turn-start hook failed");
        }
    }
}
