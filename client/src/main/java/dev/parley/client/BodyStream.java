package dev.parley.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streamed response body as an {@link InputStream} whose reads give up after a silence of {@code idle} (the server
 * pings every few seconds, so a longer silence means a dead connection) and which {@link #close()} unblocks from any
 * thread. It requests one buffer list at a time, so a slow reader holds back the connection, never memory.
 */
final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> current;
    private ByteBuffer buffer;
    private boolean ended;

    BodyStream(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (current != null && current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            if (!take()) {
                return -1;
            }
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    /** Waits for the next item; false at the end of the body. */
    @SuppressWarnings("unchecked")
    private boolean take() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        if (current != null) {
            current = null;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        Object item;
        try {
            item = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the stream");
        }
        if (closed) {
            throw new IOException("closed");
        }
        if (item == null) {
            close();
            throw new SocketTimeoutException("no data for " + Duration.ofNanos(idleNanos).toSeconds() + " s");
        }
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof Throwable t) {
            ended = true;
            throw t instanceof IOException io ? io : new IOException(t);
        }
        current = ((List<ByteBuffer>) item).iterator();
        return true;
    }

    /** Cancels the response (the connection is not reused) and wakes a blocked reader. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        queue.add(END);
    }
}
