package dev.parley.agent;

import dev.parley.agent.message.UIMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Messages that arrived while a turn was streaming, for an agent with {@code steering = true}: the turn's model loop
 * takes them at its next step boundary. Messages not taken by the end of the turn are answered as the next turn.
 */
public final class Steering {

    /** A message waiting to be injected, with the {@code .in} seq it arrived as. */
    public record Pending(long seq, UIMessage message) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final List<Pending> injected = new ArrayList<>();

    public void offer(long seq, UIMessage message) {
        pending.add(new Pending(seq, message));
    }

    /** Takes every message waiting now; they count as injected into this turn. */
    public synchronized List<Pending> take() {
        List<Pending> out = new ArrayList<>();
        for (Pending p; (p = pending.poll()) != null; ) {
            out.add(p);
        }
        injected.addAll(out);
        return out;
    }

    public synchronized List<Pending> injected() {
        return List.copyOf(injected);
    }
}
