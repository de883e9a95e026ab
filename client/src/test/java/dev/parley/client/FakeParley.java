package dev.parley.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server answering with recorded shapes of Parley's responses: each route serves the next scripted
 * answer (the last one repeats), and every request is logged with its headers and body.
 */
final class FakeParley implements AutoCloseable {

    interface Answer {
        void serve(HttpExchange exchange) throws Exception;
    }

    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedQueue<Answer>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeParley() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts answers for {@code "METHOD /path"}, served in order; the last one keeps answering. */
    FakeParley on(String route, Answer... answers) {
        scripts.computeIfAbsent(route, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    List<Seen> requests(String route) {
        return seen.stream().filter(s -> (s.method() + " " + s.path()).equals(route)).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        String route = x.getRequestMethod() + " " + x.getRequestURI().getPath();
        seen.add(new Seen(x.getRequestMethod(), x.getRequestURI().getPath(), Map.copyOf(x.getRequestHeaders()),
                new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        ConcurrentLinkedQueue<Answer> q = scripts.get(route);
        Answer a = q == null ? null : q.size() > 1 ? q.poll() : q.peek();
        try {
            if (a == null) {
                json(404, "{\"error\":\"Not found\"}").serve(x);
            } else {
                a.serve(x);
            }
        } catch (Exception e) {
            // the scripted answer dropped the connection or the client went away
        } finally {
            x.close();
        }
    }

    static Answer json(int status, String body) {
        return x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
        };
    }

    /** An SSE answer written in pieces: each piece is flushed on its own, with a pause, so reads split anywhere. */
    static Answer sse(String... pieces) {
        return sse(Map.of(), pieces);
    }

    static Answer sse(Map<String, String> headers, String... pieces) {
        return x -> {
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.getResponseHeaders().add("X-Stream-Version", "v2");
            headers.forEach(x.getResponseHeaders()::add);
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            for (String p : pieces) {
                if (p.startsWith(PAUSE)) {
                    Thread.sleep(Long.parseLong(p.substring(PAUSE.length())));
                    continue;
                }
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(5);
            }
        };
    }

    /** Headers, then nothing at all for {@code millis}. */
    static Answer silent(long millis) {
        return x -> {
            x.getResponseHeaders().add("Content-Type", "text/event-stream");
            x.getResponseHeaders().add("X-Stream-Version", "v2");
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().flush();
            Thread.sleep(millis);
        };
    }

    /** An {@code event: batch} frame with the given records (JSON objects as text). */
    static String batch(String... records) {
        return "id: x\nevent: batch\ndata: {\"records\":[" + String.join(",", records) + "]}\n\n";
    }

    /** A data record whose body envelopes {@code chunk} (a JSON object as text). */
    static String data(long seq, String chunk) {
        String body = "{\"data\":" + chunk + ",\"id\":\"p" + seq + "\"}";
        return "{\"seq_num\":" + seq + ",\"timestamp\":1,\"headers\":[],\"body\":" + quote(body) + "}";
    }

    static String delta(long seq, String text) {
        return data(seq, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":" + quote(text) + "}");
    }

    static String turnComplete(long seq, long inSeq, String token) {
        return "{\"seq_num\":" + seq + ",\"timestamp\":1,\"headers\":[[\"trigger-control\",\"turn-complete\"],[\"session-in-event-id\",\""
                + inSeq + "\"]" + (token == null ? "" : ",[\"public-access-token\",\"" + token + "\"]") + "],\"body\":\"\"}";
    }

    static String control(long seq, String subtype) {
        return "{\"seq_num\":" + seq + ",\"timestamp\":1,\"headers\":[[\"trigger-control\",\"" + subtype + "\"]],\"body\":\"\"}";
    }

    static String trim(long seq) {
        return "{\"seq_num\":" + seq + ",\"timestamp\":1,\"headers\":[[\"\",\"trim\"]],\"body\":\"\\u0000\"}";
    }

    static final String PING = "event: ping\ndata: {\"timestamp\":1,\"tail\":{\"seq_num\":0,\"timestamp\":1}}\n\n";
    static final String DONE = "data: [DONE]\n\n";
    /** A piece {@code PAUSE + millis} writes nothing and waits that long. */
    static final String PAUSE = "#pause:";

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String created(boolean cached) {
        return """
                {"id":"session_1","externalId":"c1","type":"chat.agent","taskIdentifier":"probe","tags":[],"metadata":null,
                 "closedAt":null,"closedReason":null,"expiresAt":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z",
                 "runId":"run_1","publicAccessToken":"pat-0","isCached":%s}""".formatted(cached);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
