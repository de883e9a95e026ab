package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.On;
import dev.parley.agent.Turn;

/**
 * Test deployments only: an agent with a short idle timeout whose answers expose what the runtime gave it (turn
 * number from its run state, history size), and whose words "end", "upgrade" and "long…" drive the run's life.
 */
@ChatAgent(id = "it-probe", idleTimeoutSeconds = 2, maxTurns = 20)
public class ProbeAgent implements Agent {

    /** The run-local state: survives suspension, starts empty in a new run. */
    public static class Counter {
        public int turns;
    }

    @Override
    public void run(Turn turn) throws InterruptedException {
        Counter c = turn.state().get(Counter.class);
        c.turns++;
        String said = turn.lastUserText();
        if (said.startsWith("end")) {
            turn.endRun();
        }
        if (said.equals("upgrade")) {
            turn.requestUpgrade();
        }
        if (said.equals("fail")) {
            throw new IllegalStateException("the probe agent was asked to fail");
        }
        int words = said.contains("endless") ? 1500 : said.contains("long") ? 150 : 3; // endless: 30 s, for stops
        try (Turn.TextWriter text = turn.text()) {
            text.append("state-turn=" + c.turns + " history=" + turn.messages().size() + " run=" + turn.runId() + " |");
            for (int i = 0; i < words && !turn.stopped(); i++) {
                text.append(" w" + i);
                Thread.sleep(words > 3 ? 20 : 0);
            }
        }
    }

    @On(Hook.BOOT)
    void boot(Lifecycle.Boot e) {
        HookLog.record(e.chatId(), "hook:BOOT");
    }

    @On(Hook.CHAT_START)
    void start(Lifecycle.ChatStart e) {
        HookLog.record(e.chatId(), "hook:CHAT_START");
    }

    @On(Hook.PRELOAD)
    void preload(Lifecycle.Preload e) {
        HookLog.record(e.chatId(), "hook:PRELOAD");
    }

    @On(Hook.TURN_COMPLETE)
    void complete(Lifecycle.TurnComplete e) {
        HookLog.record(e.chatId(), "hook:TURN_COMPLETE:" + e.turnNumber() + ":" + e.stopped());
    }

    @On(Hook.ACTION)
    void action(Lifecycle.Action e) {
        HookLog.record(e.chatId(), "hook:ACTION");
        try (Turn.TextWriter text = e.turn().text()) {
            text.append("action " + e.action());
        }
    }

    @On(Hook.CHAT_SUSPEND)
    void suspend(Lifecycle.ChatSuspend e) {
        HookLog.record(e.chatId(), "hook:CHAT_SUSPEND");
    }

    @On(Hook.CHAT_RESUME)
    void resume(Lifecycle.ChatResume e) {
        HookLog.record(e.chatId(), "hook:CHAT_RESUME");
    }
}
