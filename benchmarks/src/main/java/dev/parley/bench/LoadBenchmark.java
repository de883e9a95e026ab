package dev.parley.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load without errors (docs/benchmarks.md, "Load"): N chats at once, each T turns in a row on the paced demo model,
 * through the public API as a client would (create, subscribe to {@code .out}, append a message, read to the
 * turn-complete, resuming a stream that ends before it as the official clients do). Prints p50/p99 of append → first
 * text-delta and of append → turn-complete, the errors, the resumed streams and any duplicated or skipped seq; exits 1
 * on any error, duplicate or gap. Run against a server with the default limits: the benchmark must pass them.
 *
 * <pre>
 * java … LoadBenchmark --url http://127.0.0.1:9080 --key KEY [--chats 1000] [--turns 10]
 * </pre>
 */
public final class LoadBenchmark {

    private static final Pattern RECORD = Pattern.compile("\\{\"seq_num\":(\\d+),\"timestamp\":\\d+,\"(?:body|headers)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final String url;
    private final String key;
    private final List<Double> firstChunkMs = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> turnMs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger endedDone = new AtomicInteger();
    private final AtomicInteger endedCut = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger gaps = new AtomicInteger();

    private LoadBenchmark(String url, String key) {
        this.url = url;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Bench.options(args, new ArrayList<>());
        LoadBenchmark b = new LoadBenchmark(opt.getOrDefault("url", "http://127.0.0.1:9080"), opt.get("key"));
        int chats = Integer.parseInt(opt.getOrDefault("chats", "1000"));
        int turns = Integer.parseInt(opt.getOrDefault("turns", "10"));
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                all.add(pool.submit(() -> b.chat(turns)));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d chats x %d turns in %.1f s: %d turns completed, %d errors%n", chats, turns, seconds,
                b.turnMs.size(), b.errors.get());
        report("append -> first text-delta", b.firstChunkMs);
        report("append -> turn-complete", b.turnMs);
        System.out.printf("streams resumed before their turn-complete: %d after [DONE], %d cut without it; "
                + "seqs duplicated %d, skipped %d%n", b.endedDone.get(), b.endedCut.get(), b.duplicates.get(), b.gaps.get());
        System.exit(b.errors.get() == 0 && b.duplicates.get() == 0 && b.gaps.get() == 0 ? 0 : 1);
    }

    private void chat(int turns) {
        try {
            String chat = create();
            long cursor = -1;
            for (int t = 0; t < turns; t++) {
                cursor = turn(chat, cursor);
            }
        } catch (Exception e) {
            if (errors.incrementAndGet() <= 10) {
                System.err.println("error: " + e);
            }
        }
    }

    /**
     * Subscribes after {@code cursor}, appends a message, times the first text-delta and the turn-complete. A stream
     * the server ends before the turn-complete is resumed from the last record read, as the official clients do;
     * the resumes are counted, and every record's seq is checked: no duplicate, no gap.
     */
    private long turn(String chat, long cursor) throws Exception {
        BufferedReader stream = subscribe(chat, cursor);
        long t0 = System.nanoTime();
        post("/realtime/v1/sessions/" + chat + "/in/append", "{\"kind\":\"message\",\"payload\":{\"chatId\":\"" + chat
                + "\",\"trigger\":\"submit-message\",\"message\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"hello there\"}]}}}");
        boolean first = true;
        long last = cursor;
        for (int resumed = 0; ; resumed++) {
            boolean done = false;
            try (BufferedReader in = stream) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    if (line.contains("[DONE]")) {
                        done = true;
                        continue;
                    }
                    Matcher m = RECORD.matcher(line);
                    while (m.find()) {
                        long seq = Long.parseLong(m.group(1));
                        if (seq <= last) {
                            duplicates.incrementAndGet();
                        } else if (last >= 0 && seq != last + 1) {
                            gaps.incrementAndGet();
                        }
                        last = Math.max(last, seq);
                    }
                    if (first && line.contains("text-delta")) {
                        firstChunkMs.add((System.nanoTime() - t0) / 1e6);
                        first = false;
                    }
                    if (line.contains("turn-complete")) {
                        turnMs.add((System.nanoTime() - t0) / 1e6);
                        return last;
                    }
                }
            }
            (done ? endedDone : endedCut).incrementAndGet();
            if (resumed == 5) {
                throw new IllegalStateException("the stream of " + chat + " ended six times without a turn-complete");
            }
            stream = subscribe(chat, last);
        }
    }

    private BufferedReader subscribe(String chat, long after) throws Exception {
        HttpRequest sse = HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out"))
                .header("Authorization", "Bearer " + key).header("Last-Event-ID", Long.toString(after))
                .header("Timeout-Seconds", "120").GET().build();
        HttpResponse<InputStream> r = HTTP.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IllegalStateException("subscribe: " + r.statusCode());
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        in.readLine(); // the comment Parley writes first: the stream is open
        return in;
    }

    private String create() throws Exception {
        String chat = "load-" + UUID.randomUUID();
        HttpResponse<String> r = post("/api/v1/sessions", "{\"type\":\"chat.agent\",\"externalId\":\"" + chat
                + "\",\"taskIdentifier\":\"demo\",\"triggerConfig\":{\"basePayload\":{\"chatId\":\"" + chat + "\",\"trigger\":\"preload\"}}}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
        }
        return chat;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static void report(String what, List<Double> ms) {
        if (ms.isEmpty()) {
            System.out.println(what + ": no samples");
            return;
        }
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n", what, Bench.percentile(ms, 50),
                Bench.percentile(ms, 99), Bench.max(ms), ms.size());
    }
}
