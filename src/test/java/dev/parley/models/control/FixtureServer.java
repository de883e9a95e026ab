package dev.parley.models.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * The language model providers of the tests: a local HTTP server replaying recorded OpenAI Chat Completions and
 * Anthropic Messages streams ({@code /fixtures/…} on the classpath) and scripted failures. The unit tests start one
 * per test on a random port with one script of replies, taken in order (the last one repeats). The container tests
 * start one on the fixed port the server under test is configured with ({@code PARLEY_MODELS_*_BASE_URL}) and give
 * each test a script of its own, for the requests whose body contains the test's marker; a request no script claims
 * gets a 404. Every script records what it was sent and whether a reply saw its client hang up.
 */
public final class FixtureServer implements AutoCloseable {

    /** What to do with one request. */
    @FunctionalInterface
    public interface Reply {
        void handle(HttpExchange exchange, FixtureServer server) throws IOException, InterruptedException;
    }

    public record Request(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        /** The body as the JSON object providers are sent. */
        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    /** The replies and the requests of one marker (or of every request, for a server started with replies). */
    public static final class Script {
        private final ConcurrentLinkedQueue<Reply> replies;
        private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch hungUp = new CountDownLatch(1);
        private volatile Reply last;

        private Script(List<Reply> replies) {
            this.replies = new ConcurrentLinkedQueue<>(replies);
        }

        public List<Request> requests() {
            return List.copyOf(requests);
        }

        /** Whether a reply saw its client close the connection within {@code timeout}. */
        public boolean sawHangUp(Duration timeout) throws InterruptedException {
            return hungUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private Reply next() {
            Reply reply = replies.poll();
            return reply != null ? (last = reply) : last;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Script everyRequest;
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** On a random loopback port, answering every request from {@code script}. */
    public FixtureServer(Reply... script) {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new Script(List.of(script)));
    }

    /** On {@code port}, answering the requests that a {@link #script} claims. */
    public static FixtureServer onPort(int port) {
        return new FixtureServer(new InetSocketAddress("localhost", port), null);
    }

    private FixtureServer(InetSocketAddress address, Script everyRequest) {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider fixture on " + address, e);
        }
        this.everyRequest = everyRequest;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Replies for requests whose body contains {@code marker}, in order; the last one repeats. */
    public Script script(String marker, Reply... replies) {
        Script s = new Script(List.of(replies));
        scripts.put(marker, s);
        return s;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What a server started with replies was sent. */
    public List<Request> requests() {
        return everyRequest.requests();
    }

    /** Whether a reply of a server started with replies saw its client disconnect within {@code timeout}. */
    public boolean sawClientHangUp(Duration timeout) throws InterruptedException {
        return everyRequest.sawHangUp(timeout);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Script script = scripts.entrySet().stream().filter(e -> body.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(everyRequest);
        if (script == null) {
            byte[] unclaimed = "{\"error\":{\"message\":\"no script for this request\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, unclaimed.length);
            exchange.getResponseBody().write(unclaimed);
            exchange.close();
            return;
        }
        script.requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
        try {
            script.next().handle(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            script.hungUp.countDown();
        } catch (DropConnection e) {
            // closing the exchange would end the chunked body cleanly; escaping makes the server drop the socket
            throw e;
        }
        exchange.close();
    }

    /** Thrown by a reply to make the server drop the connection without ending the response. */
    static final class DropConnection extends RuntimeException {
        DropConnection() {
            super("dropping the connection on purpose", null, false, false);
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- replies ----

    public static String fixture(String path) {
        try (InputStream in = FixtureServer.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's events, one flush per event, {@code gap} apart. */
    public static Reply sse(String fixture, Duration gap) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events(fixture(fixture))) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!gap.isZero()) {
                    Thread.sleep(gap.toMillis());
                }
            }
        };
    }

    public static Reply sse(String fixture) {
        return sse(fixture, Duration.ZERO);
    }

    /**
     * The first {@code events} events and then half of the next one, after which the connection drops without the
     * chunked body's terminator, as when a provider's process dies mid-answer.
     */
    public static Reply truncated(String fixture, int events) {
        return (exchange, server) -> {
            List<String> all = events(fixture(fixture));
            StringBuilder sent = new StringBuilder();
            all.subList(0, events).forEach(sent::append);
            String next = all.get(events);
            sent.append(next, 0, next.length() / 2);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(sent.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new DropConnection();
        };
    }

    /** The first {@code events} events, then silence (a ping comment every 50 ms would count as data, so none). */
    public static Reply stall(String fixture, int events) {
        return (exchange, server) -> {
            OutputStream out = streamFirst(exchange, fixture, events);
            server.stopping.await(10, TimeUnit.SECONDS);
        };
    }

    /**
     * The first {@code events} events, then an SSE comment every 50 ms until the client hangs up (the failing write
     * is how the server notices, like a real provider would) or 20 s pass.
     */
    public static Reply thenWaitForHangUp(String fixture, int events) {
        return (exchange, server) -> {
            OutputStream out = streamFirst(exchange, fixture, events);
            for (int i = 0; i < 400 && server.stopping.getCount() > 0; i++) {
                Thread.sleep(50);
                out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** No response headers until the server stops. */
    public static Reply noAnswer() {
        return (exchange, server) -> server.stopping.await(10, TimeUnit.SECONDS);
    }

    public static Reply status(int status, String body, String... headers) {
        return (exchange, server) -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** The first {@code events} events of a stream, then an OpenAI-style error event, then the end of the stream. */
    public static Reply failingAfter(String fixture, int events, String errorJson) {
        return (exchange, server) -> {
            OutputStream out = streamFirst(exchange, fixture, events);
            out.write(("data: " + errorJson + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    /** Starts an event stream with the fixture's first {@code events} events, flushed. */
    private static OutputStream streamFirst(HttpExchange exchange, String fixture, int events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events(fixture(fixture)).subList(0, events)) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return out;
    }

    /** Splits a fixture at blank lines, keeping each event's terminator. */
    public static List<String> events(String text) {
        List<String> events = new ArrayList<>();
        for (String e : text.replace("\r\n", "\n").split("\n\n")) {
            if (!e.isBlank()) {
                events.add(e.strip() + "\n\n");
            }
        }
        return events;
    }
}
