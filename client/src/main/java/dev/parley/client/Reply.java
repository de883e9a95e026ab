package dev.parley.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The agent's reply to one message (or action): its chunks from {@code .out}, ending at the turn-complete that
 * answers it. Turn correlation (as the official transport does it): the reply to {@code .in} seq S ends at the first
 * {@code turn-complete} whose {@code session-in-event-id} is at least S; output before a turn-complete with a smaller
 * id belongs to earlier turns and is left out. While earlier turns may still be streaming ahead of this one, chunks
 * are held back until it is clear which turn they belong to; otherwise they are handed out as they arrive.
 * <p>
 * A reply is read by one thread at a time ({@link #iterator()}, {@link #stream()}, {@link #text()}) and can be
 * {@linkplain #close() closed} from any thread. Dropped connections are resumed from the last seq transparently.
 */
public final class Reply implements Iterable<Chunk>, AutoCloseable {

    private final Chat chat;
    private final long inSeq;
    private final OutStream out;
    private final ArrayDeque<Chunk> ready = new ArrayDeque<>();
    private final ArrayDeque<Chunk> held = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private boolean gated;
    private boolean iterated;
    private TurnComplete end;
    private boolean finished;
    private boolean reading;
    private RuntimeException failure;

    Reply(Chat chat, long inSeq, OutStream out, boolean gated) {
        this.chat = chat;
        this.inSeq = inSeq;
        this.out = out;
        this.gated = gated;
    }

    /** The {@code .in} seq of the message this is the reply to; -1 for a {@linkplain Chat#resume() resumed} turn. */
    public long inSeq() {
        return inSeq;
    }

    /** The chunks in order, blocking for each; one iteration per reply. */
    @Override
    public synchronized Iterator<Chunk> iterator() {
        if (iterated) {
            throw new IllegalStateException("a reply's chunks can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private Chunk next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = nextChunk();
                }
                return next != null;
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Chunk c = next;
                next = null;
                return c;
            }
        };
    }

    /** The chunks as a sequential stream (blocking as it is consumed); closing the stream closes the reply. */
    public Stream<Chunk> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Consumes the chunks on a virtual thread, handing each to {@code onChunk}; completes with the turn's end. */
    public CompletableFuture<TurnComplete> consumeAsync(Consumer<? super Chunk> onChunk) {
        CompletableFuture<TurnComplete> done = new CompletableFuture<>();
        Thread.ofVirtual().name("parley-reply-" + chat.id()).start(() -> {
            try {
                for (Chunk c : this) {
                    onChunk.accept(c);
                }
                done.complete(end);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    /** Waits for the end of the turn and answers the reply's whole text (the {@code text-delta} deltas, in order). */
    public synchronized String text() {
        await();
        return text.toString();
    }

    /** Waits for the end of the turn (consuming any chunks not read yet). */
    public synchronized TurnComplete await() {
        while (nextChunk() != null) {
            // the text is collected on the way
        }
        return end;
    }

    /** How the turn ended, once it has. */
    public synchronized Optional<TurnComplete> end() {
        return Optional.ofNullable(end);
    }

    /** Stops reading (the agent's turn goes on: see {@link Chat#stop()}); a blocked read ends at once. */
    @Override
    public void close() {
        out.close();
        chat.forget(this);
    }

    private synchronized Chunk nextChunk() {
        if (!reading) {
            reading = true;
            chat.track(this); // from now on it holds a connection that closing the chat or client must end
        }
        while (ready.isEmpty()) {
            if (finished) {
                return null;
            }
            if (failure != null) {
                throw failure;
            }
            OutRecord r;
            try {
                r = out.next();
            } catch (RuntimeException e) {
                failure = e;
                out.close();
                chat.forget(this);
                throw e;
            }
            if (r == null) {
                finish(null);
            } else if (!r.command()) {
                take(r);
            }
        }
        Chunk c = ready.poll();
        if (c.isTextDelta() && c.delta() != null) {
            text.append(c.delta());
        }
        return c;
    }

    private void take(OutRecord r) {
        String control = r.control();
        if (control != null) {
            switch (control) {
                case "turn-complete" -> boundary(r.seq(), sid(r.header("session-in-event-id")), r.header("public-access-token"),
                        "true".equals(r.header("session-closed")), r.header("session-closed-reason"));
                case "session-closed" -> {
                    chat.passed(r.seq(), null, null);
                    finish(new TurnComplete(r.seq(), null, null, true, r.header("session-closed-reason")));
                }
                default -> {
                    // upgrade-required, pending-version: nothing for a reader to do
                }
            }
            return;
        }
        JsonObject data = r.data(chat.json());
        if (data == null) {
            return;
        }
        String type = data.get("type") instanceof JsonString s ? s.getString() : "";
        if (type.equals("trigger:turn-complete")) {
            String pat = data.get("publicAccessToken") instanceof JsonString s ? s.getString() : null;
            boundary(r.seq(), null, pat, false, null);
        } else if (!type.startsWith("trigger:")) {
            (gated ? held : ready).add(new Chunk(r.seq(), data));
        }
    }

    private void boundary(long seq, Long sid, String token, boolean closed, String reason) {
        chat.passed(seq, sid, token);
        if (sid != null && sid < inSeq) {
            // an earlier turn's end: what came before it was not ours
            held.clear();
            if (chat.answeredUpTo(sid, inSeq)) {
                gated = false;
            }
            return;
        }
        finish(new TurnComplete(seq, sid, token, closed, reason));
    }

    private void finish(TurnComplete how) {
        ready.addAll(held);
        held.clear();
        end = how;
        finished = true;
        out.close(); // the rest of this connection is not ours: release it
        chat.forget(this);
    }

    private static Long sid(String header) {
        return header != null && header.matches("\\d{1,18}") ? Long.valueOf(header) : null;
    }
}
