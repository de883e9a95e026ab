package dev.parley.models.control;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the silence of a streaming response: {@code firstByte} until the first line arrives, then {@code idle}
 * between lines. A blocked read cannot time out by itself, so a shared timer thread closes the stream, which makes
 * the reader's blocked {@code read} fail at once; {@link #timedOut()} then tells a timeout from a broken connection.
 */
final class StreamWatchdog implements AutoCloseable {

    /** One daemon thread for all streams: each check is a few comparisons. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-model-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Closeable stream;
    private final long firstByteNanos;
    private final long idleNanos;
    private volatile ScheduledFuture<?> check;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean sawFirstLine;
    private volatile boolean timedOut;

    StreamWatchdog(Closeable stream, Duration firstByte, Duration idle) {
        this.stream = stream;
        this.firstByteNanos = firstByte.toNanos();
        this.idleNanos = idle.toNanos();
        long tick = Math.clamp(Math.min(firstByte.toMillis(), idle.toMillis()) / 10, 5, 1000);
        this.check = TIMER.scheduleAtFixedRate(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    void activity() {
        sawFirstLine = true;
        lastActivity = System.nanoTime();
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Whether the silence that timed out was the wait for the first line. */
    boolean beforeFirstLine() {
        return !sawFirstLine;
    }

    private void check() {
        long limit = sawFirstLine ? idleNanos : firstByteNanos;
        if (System.nanoTime() - lastActivity > limit) {
            timedOut = true;
            close();
            closeQuietly(stream);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> f = check;
        if (f != null) {
            f.cancel(false);
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how we interrupt the reader; a failure to close changes nothing for the caller
        }
    }
}
