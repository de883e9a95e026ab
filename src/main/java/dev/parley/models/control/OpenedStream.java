package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.models.entity.ProviderUnavailableException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A provider response read up to its first event. Protects the rule that a call is retried only while nothing has
 * reached the user: everything before the first event happens in {@link #open}, which reports a transient failure
 * as a {@link ProviderUnavailableException}; the events are held back until {@link #forward}, which streams the
 * rest and reports failures as plain {@link ModelException}s that no policy retries.
 */
public final class OpenedStream implements AutoCloseable {

    /** How a provider reads its response: the open body, and what to do when it ends (emit finish, or fail). */
    record Source(SseCall.Body body, Runnable end) {
    }

    private final Relay relay;
    private final SseCall.Body body;
    private final Runnable end;

    private OpenedStream(Relay relay, SseCall.Body body, Runnable end) {
        this.relay = relay;
        this.body = body;
        this.end = end;
    }

    /** An aborted call: nothing to forward. */
    public static OpenedStream aborted() {
        return new OpenedStream(new Relay(), null, () -> { });
    }

    /**
     * Starts a call and reads until its first event, the end of the response, or an abort. {@code start} builds the
     * provider's parser around the given event sink and sends the request.
     */
    static OpenedStream open(AbortSignal abort, Function<Consumer<ModelEvent>, Source> start) {
        Relay relay = new Relay();
        SseCall.Body body = null;
        try {
            Source source = start.apply(relay);
            body = source.body();
            if (body == null) {
                return aborted();
            }
            SseCall.Outcome outcome = body.read(relay::holdsEvents);
            if (outcome == SseCall.Outcome.PAUSED) {
                return new OpenedStream(relay, body, source.end());
            }
            body.close();
            body = null;
            if (outcome != SseCall.Outcome.ABORTED) {
                source.end().run();
            }
            return new OpenedStream(relay, null, () -> { });
        } catch (ModelException e) {
            if (body != null) {
                body.close();
            }
            if (abort.aborted()) {
                return aborted();
            }
            throw e.retryable() ? new ProviderUnavailableException(e) : e;
        } catch (RuntimeException e) {
            if (body != null) {
                body.close();
            }
            throw e;
        }
    }

    /** Hands the held events to {@code events}, then streams the rest of the response to it. */
    public void forward(Consumer<ModelEvent> events) {
        relay.attach(events);
        if (body == null) {
            return;
        }
        try (body) {
            if (body.read(() -> false) != SseCall.Outcome.ABORTED) {
                end.run();
            }
        }
    }

    @Override
    public void close() {
        if (body != null) {
            body.close();
        }
    }

    /** Holds events until a consumer is attached, then passes them straight through. */
    private static final class Relay implements Consumer<ModelEvent> {
        private final List<ModelEvent> held = new ArrayList<>();
        private Consumer<ModelEvent> target;

        @Override
        public void accept(ModelEvent e) {
            if (target == null) {
                held.add(e);
            } else {
                target.accept(e);
            }
        }

        boolean holdsEvents() {
            return !held.isEmpty();
        }

        void attach(Consumer<ModelEvent> events) {
            held.forEach(events);
            held.clear();
            target = events;
        }
    }
}
