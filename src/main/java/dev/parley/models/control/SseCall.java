package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelException;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * One streaming POST to a provider, read as server-sent events. Guards three promises the tool loop relies on:
 * an abort closes the HTTP exchange at once (before the response: the request is cancelled; during it: the body
 * stream is closed under the blocked reader); silence longer than the first-byte or between-chunk timeout ends the
 * call with a {@link ModelException}; and every failure says whether it is transient, so only those are retried.
 * The body is read in two phases ({@link Body#read} with a pause condition) so that fault tolerance can wrap just
 * the part before the first event: see {@link OpenedStream}.
 */
final class SseCall {

    enum Outcome {
        /** The listener saw the provider's end marker. */
        COMPLETED,
        /** The connection ended without it; the provider decides whether that was a cut-off. */
        ENDED,
        ABORTED,
        /** The pause condition held after a line; {@link Body#read} can be called again to go on. */
        PAUSED
    }

    private static final int ERROR_BODY_LIMIT = 4096;

    private final String provider;
    private final HttpClient client;
    private final Duration firstByteTimeout;
    private final Duration idleTimeout;

    SseCall(String provider, HttpClient client, Duration firstByteTimeout, Duration idleTimeout) {
        this.provider = provider;
        this.client = client;
        this.firstByteTimeout = firstByteTimeout;
        this.idleTimeout = idleTimeout;
    }

    /** Sends the request; the 2xx body to read, or null when aborted before the response. */
    Body open(HttpRequest request, AbortSignal abort, SseParser.Listener listener) {
        if (abort.aborted()) {
            return null;
        }
        HttpResponse<InputStream> response = send(request, abort);
        if (response == null) {
            return null;
        }
        InputStream body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw failure(response, body);
        }
        return new Body(body, abort, listener);
    }

    private HttpResponse<InputStream> send(HttpRequest request, AbortSignal abort) {
        CompletableFuture<HttpResponse<InputStream>> f =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try (AbortSignal.Registration r = abort.onAbort(() -> f.cancel(true))) {
            return f.get();
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            if (abort.aborted()) {
                return null;
            }
            throw connectFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return null;
        }
    }

    private ModelException connectFailure(Throwable cause) {
        return switch (cause) {
            case HttpTimeoutException t -> ModelException.transientFailure(provider,
                    provider + " did not answer within " + firstByteTimeout.toSeconds() + " s", t);
            case ConnectException c ->
                    ModelException.transientFailure(provider, "cannot connect to " + provider + ": " + c, c);
            case IOException io ->
                    ModelException.transientFailure(provider, "connection to " + provider + " failed: " + io, io);
            default -> new ModelException(provider, "calling " + provider + " failed: " + cause, 0, false, cause);
        };
    }

    /** A 2xx response body being read; closing it closes the connection (the provider sees the hang-up). */
    final class Body implements AutoCloseable {

        private final InputStream in;
        private final AbortSignal abort;
        private final SseParser parser;
        private final StreamWatchdog watchdog;
        private final AbortSignal.Registration onAbort;
        private final BufferedReader reader;

        private Body(InputStream in, AbortSignal abort, SseParser.Listener listener) {
            this.in = in;
            this.abort = abort;
            this.parser = new SseParser(listener);
            this.watchdog = new StreamWatchdog(in, firstByteTimeout, idleTimeout);
            this.onAbort = abort.onAbort(() -> StreamWatchdog.closeQuietly(in));
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** Feeds lines to the listener until the response is complete, the stream ends, or {@code pause} holds. */
        Outcome read(BooleanSupplier pause) {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    watchdog.activity();
                    if (!parser.line(line)) {
                        return Outcome.COMPLETED;
                    }
                    if (pause.getAsBoolean()) {
                        return Outcome.PAUSED;
                    }
                }
            } catch (IOException e) {
                return endOfStream(e);
            }
            return endOfStream(null);
        }

        private Outcome endOfStream(IOException error) {
            if (abort.aborted()) {
                return Outcome.ABORTED;
            }
            if (watchdog.timedOut()) {
                String what = watchdog.beforeFirstLine()
                        ? "sent no data within " + firstByteTimeout.toMillis() + " ms"
                        : "went silent for more than " + idleTimeout.toMillis() + " ms between chunks";
                throw ModelException.transientFailure(provider, provider + " " + what, error);
            }
            if (error != null) {
                throw ModelException.transientFailure(provider, "the stream from " + provider + " broke: " + error,
                        error);
            }
            return Outcome.ENDED;
        }

        @Override
        public void close() {
            onAbort.close();
            watchdog.close();
            StreamWatchdog.closeQuietly(reader);
        }
    }

    private ModelException failure(HttpResponse<InputStream> response, InputStream body) {
        int status = response.statusCode();
        String text = errorText(body);
        boolean retryable = status == 408 || status == 429 || status >= 500;
        long retryAfter = response.headers().firstValue("retry-after").map(SseCall::seconds).orElse(-1L);
        return new ModelException(provider, provider + " answered HTTP " + status + (text.isEmpty() ? "" : ": " + text),
                status, retryable, retryAfter, null);
    }

    /** The provider's own error message when the body is the usual {@code {"error":{"message":…}}}. */
    private String errorText(InputStream body) {
        try (StreamWatchdog w = new StreamWatchdog(body, firstByteTimeout, idleTimeout); body) {
            String raw = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8).trim();
            try {
                JsonObject error = JsonValues.object(JsonValues.parseObject(raw), "error");
                String message = error == null ? null : JsonValues.string(error, "message");
                return message != null ? message : raw;
            } catch (RuntimeException notJson) {
                return raw;
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException dateForm) {
            return -1;
        }
    }
}
