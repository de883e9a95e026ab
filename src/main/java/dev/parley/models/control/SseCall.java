package dev.parley.models.control;

import dev.parley.models.entity.AbortSignal;
import dev.parley.models.entity.ModelException;
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

/**
 * One streaming POST to a provider, read as server-sent events. Guards three promises the tool loop relies on:
 * an abort closes the HTTP exchange at once (before the response: the request is cancelled; during it: the body
 * stream is closed under the blocked reader); silence longer than the first-byte or between-chunk timeout ends the
 * call with a {@link ModelException}; and every failure says whether it is transient, so only those are retried.
 */
final class SseCall {

    enum Outcome {
        /** The listener saw the provider's end marker. */
        COMPLETED,
        /** The connection ended without it; the provider decides whether that was a cut-off. */
        ENDED,
        ABORTED
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

    Outcome run(HttpRequest request, AbortSignal abort, SseParser.Listener listener) {
        if (abort.aborted()) {
            return Outcome.ABORTED;
        }
        HttpResponse<InputStream> response = send(request, abort);
        if (response == null) {
            return Outcome.ABORTED;
        }
        InputStream body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw failure(response, body);
        }
        return read(body, abort, listener);
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

    private Outcome read(InputStream body, AbortSignal abort, SseParser.Listener listener) {
        SseParser parser = new SseParser(listener);
        try (StreamWatchdog watchdog = new StreamWatchdog(body, firstByteTimeout, idleTimeout);
             AbortSignal.Registration r = abort.onAbort(() -> StreamWatchdog.closeQuietly(body));
             BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    watchdog.activity();
                    if (!parser.line(line)) {
                        return Outcome.COMPLETED;
                    }
                }
            } catch (IOException e) {
                return endOfStream(abort, watchdog, e);
            }
            return endOfStream(abort, watchdog, null);
        } catch (IOException e) {
            return abort.aborted() ? Outcome.ABORTED : Outcome.ENDED;
        }
    }

    private Outcome endOfStream(AbortSignal abort, StreamWatchdog watchdog, IOException error) {
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
            throw ModelException.transientFailure(provider, "the stream from " + provider + " broke: " + error, error);
        }
        return Outcome.ENDED;
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
