package dev.parley.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plain (non-streaming) calls. Invariant: a request is repeated only when repeating it cannot do anything twice,
 * i.e. the caller marked it idempotent (appends carry an {@code X-Part-Id}, session creation is keyed by the chat
 * id), and only on transient failures: no answer, 408, 429, 5xx, or an explicit {@code x-should-retry: true}.
 * {@code x-should-retry: false} makes any status final.
 */
final class Requests {

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final int maxRetries;
    final JsonSupport json;

    Requests(HttpClient http, URI base, Duration timeout, int maxRetries, JsonSupport json) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.json = json;
    }

    URI uri(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    /** Sends and answers a 2xx response; throws {@link ParleyException} for anything else. */
    HttpResponse<String> send(String what, String method, String path, String body, String token,
                              Map<String, String> headers, boolean idempotent) {
        int attempt = 0;
        while (true) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            headers.forEach(b::header);
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (!idempotent || attempt >= maxRetries) {
                    throw ParleyException.network(what, e);
                }
                pause(backoff(attempt++));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ParleyException.network(what, e);
            }
            int status = r.statusCode();
            if (status / 100 == 2) {
                return r;
            }
            if (!idempotent || attempt >= maxRetries || !transientStatus(r)) {
                throw ParleyException.of(json, what, status, r.body());
            }
            pause(Math.max(backoff(attempt++), retryAfter(r)));
        }
    }

    static boolean transientStatus(HttpResponse<?> r) {
        String hint = r.headers().firstValue("x-should-retry").orElse("");
        if (hint.equalsIgnoreCase("false")) {
            return false;
        }
        int s = r.statusCode();
        return hint.equalsIgnoreCase("true") || s == 408 || s == 429 || s >= 500;
    }

    /** {@code Retry-After} in seconds (capped at 30 s), or 0. */
    static long retryAfter(HttpResponse<?> r) {
        String v = r.headers().firstValue("Retry-After").orElse("");
        return v.matches("\\d{1,4}") ? Math.min(30_000, Long.parseLong(v) * 1000) : 0;
    }

    /** 250 ms doubling to 4 s, with jitter so retrying clients spread out. */
    static long backoff(int attempt) {
        long ceiling = Math.min(4_000, 250L << Math.min(attempt, 6));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ParleyException.network("waiting to retry", e);
        }
    }

    HttpClient http() {
        return http;
    }

    Duration timeout() {
        return timeout;
    }
}
