package dev.parley.client;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The records of a chat's {@code .out} channel after a cursor, across as many SSE connections as it takes.
 * Invariant: every record is handed out exactly once and in seq order: the cursor is the seq of the last record
 * handed out, a reconnect asks for {@code Last-Event-ID: cursor}, and records at or below the cursor are dropped.
 * A batch cut off by a dropped connection is never applied (see {@link SseEvents}), so it comes again whole.
 * Long-poll windows ending in {@code [DONE]}, dropped connections, {@code event: error}, 5xx and 429 are
 * reconnected (the last three with backoff); other statuses are final. {@code maxReconnects} reconnects in a row
 * without a record give up.
 */
final class OutStream implements AutoCloseable {

    private final Requests requests;
    private final String path;
    private final Supplier<String> token;
    private final ParleyClient.Options options;
    private final ArrayDeque<OutRecord> ready = new ArrayDeque<>();
    private long cursor;
    private boolean peekSettled;
    private BodyStream body;
    private SseEvents events;
    private boolean settled;
    private boolean receivedOnConnection;
    private boolean ended;
    private int fruitless;
    private Exception lastProblem;
    private volatile boolean cancelled;

    OutStream(Requests requests, String path, Supplier<String> token, ParleyClient.Options options, long cursor, boolean peekSettled) {
        this.requests = requests;
        this.path = path;
        this.token = token;
        this.options = options;
        this.cursor = cursor;
        this.peekSettled = peekSettled;
    }

    /** The next record, or null once a settled stream ended (only with {@code X-Peek-Settled}). */
    OutRecord next() {
        while (true) {
            if (!ready.isEmpty()) {
                return ready.poll();
            }
            if (ended) {
                return null;
            }
            if (cancelled) {
                throw new CancellationException("the reply was closed");
            }
            if (events == null) {
                connect();
                continue;
            }
            SseEvents.Event e;
            try {
                e = events.next();
            } catch (IOException x) {
                dropped(x, true);
                continue;
            }
            if (e == null) {
                windowEnded(true);
            } else if (e.name().equals("batch")) {
                accept(e.data());
            } else if (e.name().equals("error")) {
                dropped(new IOException("the server reported a stream error: " + e.data()), true);
            } else if (e.name().equals("message") && e.data().equals("[DONE]")) {
                windowEnded(false);
            }
            // pings and anything else: nothing to do
        }
    }

    long cursor() {
        return cursor;
    }

    private void accept(String data) {
        List<OutRecord> records;
        try {
            records = OutRecord.batch(requests.json, data);
        } catch (IllegalArgumentException | ArithmeticException x) {
            // a broken batch is not skipped (that could lose records): read it again from the cursor
            dropped(new IOException("unreadable batch: " + x.getMessage()), true);
            return;
        }
        for (OutRecord r : records) {
            if (r.seq() > cursor) {
                cursor = r.seq();
                ready.add(r);
                fruitless = 0;
                receivedOnConnection = true;
            }
        }
    }

    /** The body ended: with {@code [DONE]} (the server's window) or without (a dropped connection). */
    private void windowEnded(boolean abrupt) {
        boolean wasSettled = settled;
        if (abrupt && !wasSettled) {
            dropped(new IOException("the stream ended without [DONE]"), true);
            return;
        }
        disconnect();
        if (wasSettled) {
            ended = true;
        } else if (!receivedOnConnection) {
            countFruitless(new IOException("no record within the long-poll window"));
        }
    }

    private void dropped(Exception cause, boolean backoff) {
        disconnect();
        if (cancelled) {
            throw new CancellationException("the reply was closed");
        }
        countFruitless(cause);
        if (backoff) {
            Requests.pause(Math.min(5_000, 100L << Math.min(fruitless, 6)));
        }
    }

    private void countFruitless(Exception cause) {
        lastProblem = cause;
        if (receivedOnConnection) {
            receivedOnConnection = false;
            return;
        }
        if (++fruitless > options.maxReconnects()) {
            throw ParleyException.network("reading " + path + " (" + fruitless + " attempts without a record)", lastProblem);
        }
    }

    private void connect() {
        HttpRequest.Builder b = HttpRequest.newBuilder(requests.uri(path)).timeout(requests.timeout()).GET()
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token.get())
                .header("Timeout-Seconds", Long.toString(options.streamTimeout().toSeconds()));
        if (cursor >= 0) {
            b.header("Last-Event-ID", Long.toString(cursor));
        }
        if (peekSettled) {
            b.header("X-Peek-Settled", "1");
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> r;
        try {
            r = requests.http().send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (IOException x) {
            dropped(x, true);
            return;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
        BodyStream stream = new BodyStream(options.readIdleTimeout());
        r.body().subscribe(stream);
        receivedOnConnection = false;
        if (r.statusCode() != 200) {
            String text = ErrorBodies.read(stream);
            if (r.statusCode() == 429 || r.statusCode() >= 500) {
                dropped(new IOException("HTTP " + r.statusCode() + " " + text), true);
                return;
            }
            throw ParleyException.of(requests.json, "subscribing to " + path, r.statusCode(), text);
        }
        if (!"v2".equals(r.headers().firstValue("X-Stream-Version").orElse(""))) {
            stream.close();
            throw ParleyException.protocol("subscribing to " + path + ": the server did not answer X-Stream-Version: v2");
        }
        settled = r.headers().firstValue("X-Session-Settled").map("true"::equalsIgnoreCase).orElse(false);
        peekSettled = false;
        body = stream;
        events = new SseEvents(stream);
        if (cancelled) {
            disconnect();
        }
    }

    private void disconnect() {
        if (body != null) {
            body.close();
        }
        body = null;
        events = null;
    }

    /** Ends the subscription from any thread; a blocked {@link #next()} throws {@link CancellationException}. */
    @Override
    public void close() {
        cancelled = true;
        BodyStream b = body;
        if (b != null) {
            b.close();
        }
    }
}
