package dev.parley.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The language model providers of the container tests: a local HTTP server, started by the test JVM on the fixed
 * port the server under test is configured with ({@code PARLEY_MODELS_*_BASE_URL}), replaying recorded OpenAI
 * Chat Completions and Anthropic Messages streams. Each test scripts the replies for a marker of its own that its
 * user message carries, so a request is matched to its test by its body; the server records every request and
 * whether the client hung up.
 */
final class ProviderFixture implements AutoCloseable {

    @FunctionalInterface
    interface Reply {
        void handle(HttpExchange exchange, Script script) throws IOException, InterruptedException;
    }

    record Request(String path, Map<String, List<String>> headers, JsonObject body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** The replies and the requests of one marker. */
    static final class Script {
        private final ConcurrentLinkedQueue<Reply> replies;
        private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch hungUp = new CountDownLatch(1);
        private volatile Reply last;

        private Script(List<Reply> replies) {
            this.replies = new ConcurrentLinkedQueue<>(replies);
        }

        List<Request> requests() {
            return List.copyOf(requests);
        }

        /** Whether a streaming reply saw its client close the connection within {@code timeout}. */
        boolean sawHangUp(Duration timeout) throws InterruptedException {
            return hungUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);

    ProviderFixture(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider fixture on port " + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Replies for requests whose body contains {@code marker}, in order; the last one repeats. */
    Script script(String marker, Reply... replies) {
        Script s = new Script(List.of(replies));
        scripts.put(marker, s);
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Script script = scripts.entrySet().stream().filter(e -> body.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (script == null) {
            respond(exchange, 404, "{\"error\":{\"message\":\"no script for this request\"}}");
            return;
        }
        script.requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                Parley.json(body)));
        Reply reply = script.replies.poll();
        reply = reply != null ? (script.last = reply) : script.last;
        try {
            reply.handle(exchange, script);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            script.hungUp.countDown();
        }
        exchange.close();
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- replies ----

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Reply status(int status, String body) {
        return (exchange, script) -> respond(exchange, status, body);
    }

    /** A recorded stream, one write per event. */
    static Reply sse(String fixture) {
        return (exchange, script) -> {
            OutputStream out = startStream(exchange);
            for (String event : events(fixture)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** The first {@code events} events of a stream, then an OpenAI-style error event, then the end of the stream. */
    static Reply failingAfter(String fixture, int events, String errorJson) {
        return (exchange, script) -> {
            OutputStream out = startStream(exchange);
            for (String event : events(fixture).subList(0, events)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.write(("data: " + errorJson + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    /**
     * The first {@code events} events, then an SSE comment every 50 ms until the client hangs up (the failed write is
     * how the fixture notices, as a real provider would) or 20 s pass.
     */
    Reply thenWaitForHangUp(String fixture, int events) {
        return (exchange, script) -> {
            OutputStream out = startStream(exchange);
            for (String event : events(fixture).subList(0, events)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            for (int i = 0; i < 400 && stopping.getCount() > 0; i++) {
                Thread.sleep(50);
                out.write(": still thinking\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** The events of a recorded stream (blank-line separated), each with its terminating blank line. */
    static List<String> events(String fixture) {
        String text;
        try (InputStream in = ProviderFixture.class.getResourceAsStream("/fixtures/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> events = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            if (!block.isBlank()) {
                events.add(block.strip() + "\n\n");
            }
        }
        return events;
    }
}
