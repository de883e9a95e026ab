package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Parley adds between a model provider's stream and the client: a local OpenAI-compatible fixture streams
 * chunks that carry their send time; the same stream is read once straight from the fixture and once through Parley
 * (the demo agent on a model configured to use the fixture, read from {@code .out} over SSE). Per-chunk latency and
 * throughput are compared in the same run.
 *
 * <pre>
 * java … ModelsBenchmark --url http://localhost:9080 --key KEY [--fixture-port 19777] overhead CHATS CHUNKS INTERVAL_MS…
 * </pre>
 * The server must use the fixture as its default model:
 * {@code PARLEY_MODELS_DEFAULT_KIND=openai-compatible PARLEY_MODELS_DEFAULT_BASE_URL=http://localhost:19777/v1
 * PARLEY_MODELS_DEFAULT_MODEL=bench PARLEY_MODELS_DEFAULT_API_KEY=bench}.
 */
public final class ModelsBenchmark {

    private static final Pattern STAMP = Pattern.compile("t(\\d{9,}) ");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final String url;
    private final String key;
    private final int fixturePort;
    /** What the fixture streams next: chunks and the pause between them, set per scenario. */
    private volatile int chunks = 100;
    private volatile long intervalNanos;

    private ModelsBenchmark(String url, String key, int fixturePort) {
        this.url = url;
        this.key = key;
        this.fixturePort = fixturePort;
    }

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>();
        Map<String, String> opt = Bench.options(args, words);
        ModelsBenchmark b = new ModelsBenchmark(opt.getOrDefault("url", "http://localhost:9080"), opt.get("key"),
                Integer.parseInt(opt.getOrDefault("fixture-port", "19777")));
        HttpServer fixture = b.startFixture();
        try {
            for (int i = 0; i < words.size(); i++) {
                if (!words.get(i).equals("overhead")) {
                    throw new IllegalArgumentException("unknown scenario " + words.get(i));
                }
                b.overhead(Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)));
            }
        } finally {
            fixture.stop(0);
        }
        System.exit(0);
    }

    private HttpServer startFixture() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", fixturePort), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < chunks; i++) {
                    if (intervalNanos > 0) {
                        LockSupport.parkNanos(intervalNanos);
                    }
                    String delta = "t" + System.nanoTime() + " ";
                    out.write(("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"" + delta + "\"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":" + chunks
                        + ",\"total_tokens\":" + (chunks + 1) + "}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }

    private record Run(List<Double> latencies, long chunks, double seconds) {
        double perSecond() {
            return chunks / seconds;
        }
    }

    private void overhead(int chats, int chunkCount, int intervalMs) throws Exception {
        chunks = chunkCount;
        intervalNanos = intervalMs * 1_000_000L;
        direct(1); // warm-up of both paths
        parley(1);
        Run direct = direct(chats);
        Run parley = parley(chats);
        System.out.printf("overhead, %d chats × %d chunks every %d ms:%n", chats, chunkCount, intervalMs);
        report("  direct from the fixture", direct);
        report("  through Parley (.out SSE)", parley);
        System.out.printf("  added per chunk: p50 %+.2f ms, p99 %+.2f ms; throughput %.2f× the direct stream%n",
                pct(parley.latencies(), 50) - pct(direct.latencies(), 50), pct(parley.latencies(), 99) - pct(direct.latencies(), 99),
                parley.perSecond() / direct.perSecond());
    }

    private Run direct(int chats) throws Exception {
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        AtomicLong got = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < chats; c++) {
                all.add(pool.submit(() -> {
                    HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixturePort
                                    + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    read(r.body(), ms, got, "[DONE]");
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return new Run(ms, got.get(), (System.nanoTime() - start) / 1e9);
    }

    private Run parley(int chats) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            ids.add(create());
        }
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        AtomicLong got = new AtomicLong();
        long start;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> readers = new ArrayList<>();
            List<InputStream> streams = new ArrayList<>();
            for (String chat : ids) {
                HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out"))
                        .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream")
                        .header("Timeout-Seconds", "120").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                streams.add(r.body());
            }
            start = System.nanoTime();
            for (int c = 0; c < chats; c++) {
                InputStream in = streams.get(c);
                readers.add(pool.submit(() -> {
                    read(in, ms, got, "turn-complete");
                    return null;
                }));
            }
            for (String chat : ids) {
                pool.submit(() -> post("/realtime/v1/sessions/" + chat + "/in/append", "{\"kind\":\"message\",\"payload\":{\"chatId\":\""
                        + chat + "\",\"trigger\":\"submit-message\",\"message\":{\"id\":\"" + UUID.randomUUID()
                        + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"go\"}]}}}"));
            }
            for (Future<?> f : readers) {
                f.get();
            }
        }
        return new Run(ms, got.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Reads SSE lines until one contains {@code end}; every stamp seen is a chunk's latency. */
    private static void read(InputStream body, List<Double> ms, AtomicLong got, String end) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                long now = System.nanoTime();
                Matcher m = STAMP.matcher(line);
                while (m.find()) {
                    ms.add((now - Long.parseLong(m.group(1))) / 1e6);
                    got.incrementAndGet();
                }
                if (line.contains(end)) {
                    return;
                }
            }
        }
    }

    private String create() throws Exception {
        String chat = "models-bench-" + UUID.randomUUID();
        post("/api/v1/sessions", "{\"type\":\"chat.agent\",\"externalId\":\"" + chat + "\",\"taskIdentifier\":\"demo\","
                + "\"triggerConfig\":{\"basePayload\":{\"chatId\":\"" + chat + "\"}}}");
        return chat;
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static double pct(List<Double> values, int p) {
        return Bench.percentile(values, p);
    }

    private static void report(String what, Run run) {
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms per chunk; %d chunks in %.2f s (%.0f chunks/s)%n", what,
                pct(run.latencies(), 50), pct(run.latencies(), 99), run.chunks(), run.seconds(), run.perSecond());
    }
}
