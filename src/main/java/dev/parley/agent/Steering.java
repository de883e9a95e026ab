package dev.parley.agent;

import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelMessage;
import dev.parley.models.control.ModelMessages;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

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

    /**
     * At each step boundary after the first, messages that arrived meanwhile join the model's input, and the client
     * learns which ones through a {@code data-pending-message-injected} chunk.
     */
    List<ModelMessage> inject(int step, List<ModelMessage> all, Consumer<UIMessageChunk> write) {
        if (step > 0) {
            List<Pending> fresh = take();
            if (!fresh.isEmpty()) {
                JsonArrayBuilder ids = Json.createArrayBuilder();
                JsonArrayBuilder texts = Json.createArrayBuilder();
                fresh.forEach(p -> {
                    ids.add(p.message().id());
                    texts.add(Json.createObjectBuilder().add("id", p.message().id()).add("text", p.message().text()));
                });
                write.accept(new UIMessageChunk.Data("pending-message-injected", "pmi_" + step + "_" + fresh.getFirst().seq(),
                        Json.createObjectBuilder().add("messageIds", ids).add("messages", texts).build(), false));
            }
        }
        List<Pending> taken = injected();
        if (taken.isEmpty()) {
            return all;
        }
        List<ModelMessage> out = new ArrayList<>(all);
        taken.forEach(p -> out.addAll(ModelMessages.from(List.of(p.message()), Tools.of())));
        return out;
    }
}
