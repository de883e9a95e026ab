package dev.parley.models.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A provider stand-in on a random local port. Each request takes the next scripted {@link Reply} (the last one
 * repeats); the server records what it was sent and whether it saw the client hang up.
 */
final class FixtureServer implements AutoCloseable {

    /** What to do with one request. */
    @FunctionalInterface
    interface Reply {
        void handle(HttpExchange exchange, FixtureServer server) throws IOException, InterruptedException;
    }

    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Reply last;

    FixtureServer(Reply... script) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replies.addAll(List.of(script));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Whether a reply saw its client disconnect within {@code timeout}. */
    boolean sawClientHangUp(Duration timeout) throws InterruptedException {
        return clientGone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        Reply reply = replies.poll();
        reply = reply != null ? (last = reply) : last;
        try {
            reply.handle(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            clientGone.countDown();
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

    static String fixture(String path) {
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
    static Reply sse(String fixture, Duration gap) {
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

    static Reply sse(String fixture) {
        return sse(fixture, Duration.ZERO);
    }

    /**
     * The first {@code events} events and then half of the next one, after which the connection drops without the
     * chunked body's terminator, as when a provider's process dies mid-answer.
     */
    static Reply truncated(String fixture, int events) {
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
    static Reply stall(String fixture, int events) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events(fixture(fixture)).subList(0, events)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            server.stopping.await(10, TimeUnit.SECONDS);
        };
    }

    /**
     * The first {@code events} events, then an SSE comment every 50 ms until the client hangs up; the failing
     * write is how the server notices, like a real provider would.
     */
    static Reply thenWaitForHangUp(String fixture, int events) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events(fixture(fixture)).subList(0, events)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            for (int i = 0; i < 200 && server.stopping.getCount() > 0; i++) {
                Thread.sleep(50);
                out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }

    /** No response headers until the server stops. */
    static Reply noAnswer() {
        return (exchange, server) -> server.stopping.await(10, TimeUnit.SECONDS);
    }

    static Reply status(int status, String body, String... headers) {
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

    /** Splits a fixture at blank lines, keeping each event's terminator. */
    static List<String> events(String text) {
        List<String> events = new ArrayList<>();
        for (String e : text.replace("\r\n", "\n").split("\n\n")) {
            if (!e.isBlank()) {
                events.add(e.strip() + "\n\n");
            }
        }
        return events;
    }
}
