package dev.parley.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Channel benchmark against a running Parley: append → SSE delivery latency, sustained {@code .out} records per
 * second, and the cost of idle SSE connections. Appends go through the public HTTP endpoint with the secret key,
 * one record per request, exactly as a remote writer would send them.
 *
 * <pre>
 * java … StreamsBenchmark --url http://localhost:9080 --key KEY [--pid LIBERTY_PID] scenario…
 *   latency SESSIONS RATE SECONDS     each session appends RATE records/s while one SSE reader per session listens
 *   throughput SESSIONS WRITERS SECONDS   WRITERS concurrent appenders spread over SESSIONS, as fast as they can
 *   idle CONNECTIONS HOLD_SECONDS     opens CONNECTIONS idle SSE streams, then reports heap and threads (--pid)
 *   agent-throughput SESSIONS WORDS   each session's demo agent answers a WORDS-word message at once (needs
 *                                     PARLEY_MODELS_DEFAULT_WORD_DELAY=0): the records/s agents write to .out
 * </pre>
 */
public final class StreamsBenchmark {

    private static final Pattern STAMP = Pattern.compile("delta\\W+b(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final String url;
    private final String key;
    private final String pid;

    private StreamsBenchmark(String url, String key, String pid) {
        this.url = url;
        this.key = key;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>();
        Map<String, String> opt = Bench.options(args, words);
        StreamsBenchmark b = new StreamsBenchmark(opt.getOrDefault("url", "http://localhost:9080"), opt.get("key"), opt.get("pid"));
        for (int i = 0; i < words.size(); i++) {
            switch (words.get(i)) {
                case "latency" -> b.latency(Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)),
                        Integer.parseInt(words.get(++i)));
                case "throughput" -> b.throughput(Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)),
                        Integer.parseInt(words.get(++i)));
                case "agent-throughput" -> b.agentThroughput(Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)));
                case "idle" -> b.idle(Integer.parseInt(words.get(++i)), Integer.parseInt(words.get(++i)));
                default -> throw new IllegalArgumentException("unknown scenario " + words.get(i));
            }
        }
        System.exit(0);
    }

    /** Each record carries its send time; the reader of its session notes when the record arrived. */
    private void latency(int sessions, int ratePerSession, int seconds) throws Exception {
        List<String> chats = createAll(sessions);
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicLong> slow = new ConcurrentHashMap<>();
        AtomicLong received = new AtomicLong();
        List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch open = new CountDownLatch(sessions);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String chat : chats) {
                readers.submit(() -> {
                    InputStream in = subscribe(chat, 600);
                    streams.add(in);
                    open.countDown();
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (!line.startsWith("data:")) {
                                continue;
                            }
                            long now = System.nanoTime();
                            Matcher m = STAMP.matcher(line);
                            while (m.find()) {
                                double took = (now - Long.parseLong(m.group(1))) / 1e6;
                                ms.add(took);
                                received.incrementAndGet();
                                if (took > 1000) {
                                    slow.computeIfAbsent(chat, k -> new AtomicLong()).incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                });
            }
            open.await(60, TimeUnit.SECONDS);
            Thread.sleep(1000);
            long sent = appendAtRate(chats, ratePerSession, seconds);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < sent && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("latency, %d sessions × %d records/s for %d s: %d sent, %d delivered%n", sessions,
                    ratePerSession, seconds, sent, received.get());
            report("  append → SSE", ms);
            if (!slow.isEmpty()) {
                System.out.printf("  over 1 s: %d records in %d sessions%n", slow.values().stream().mapToLong(AtomicLong::get).sum(),
                        slow.size());
            }
            for (InputStream in : streams) {
                in.close();
            }
            readers.shutdownNow();
        }
    }

    private long appendAtRate(List<String> chats, int ratePerSession, int seconds) throws Exception {
        AtomicLong sent = new AtomicLong();
        long periodNanos = 1_000_000_000L / ratePerSession;
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String chat : chats) {
                writers.submit(() -> {
                    long start = System.nanoTime() + (long) (Math.random() * periodNanos);
                    long end = start + TimeUnit.SECONDS.toNanos(seconds);
                    for (long next = start; next < end; next += periodNanos) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        append(chat, "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"b" + System.nanoTime() + "\"}");
                        sent.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return sent.get();
    }

    /** Committed appends per second, counted by the writers from {@code {"ok":true,"seq":N}} answers. */
    private void throughput(int sessions, int writerCount, int seconds) throws Exception {
        List<String> chats = createAll(sessions);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String body = "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + "x".repeat(64) + "\"}";
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writerCount; w++) {
                String chat = chats.get(w % chats.size());
                writers.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            append(chat, body);
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput, %d writers over %d sessions for %d s: %d records committed (%.0f records/s), %d failed%n",
                writerCount, sessions, seconds, done.get(), done.get() / secs, failed.get());
    }

    /**
     * The path agents write {@code .out} by (in-process, group-committed chunk batches): every session's demo agent
     * streams a long answer at once; counted are the records each reader received up to its turn-complete, over the
     * time from the first message sent to the last turn-complete read.
     */
    private void agentThroughput(int sessions, int words) throws Exception {
        List<String> chats = createAll(sessions);
        String text = String.join(" ", Collections.nCopies(words, "word"));
        AtomicLong records = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        CountDownLatch open = new CountDownLatch(sessions);
        long start;
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String chat : chats) {
                done.add(readers.submit(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(subscribe(chat, 120), StandardCharsets.UTF_8))) {
                        open.countDown();
                        for (String line; (line = r.readLine()) != null; ) {
                            if (!line.startsWith("data:")) {
                                continue;
                            }
                            records.addAndGet(count(line, "\"seq_num\"") - count(line, "\"tail\":{\"seq_num\"")); // records, not tails
                            if (line.contains("turn-complete")) {
                                lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                                return null;
                            }
                        }
                    }
                    throw new IllegalStateException("stream of " + chat + " ended before its turn-complete");
                }));
            }
            open.await(60, TimeUnit.SECONDS);
            start = System.nanoTime();
            for (String chat : chats) {
                readers.submit(() -> {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/in/append"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"message\",\"payload\":{\"chatId\":\"" + chat
                                    + "\",\"trigger\":\"submit-message\",\"message\":{\"id\":\"" + UUID.randomUUID()
                                    + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("message: " + r.statusCode() + " " + r.body());
                    }
                    return null;
                });
            }
            for (var f : done) {
                f.get(300, TimeUnit.SECONDS);
            }
        }
        double secs = (lastEnd.get() - start) / 1e9;
        System.out.printf("agent throughput, %d sessions × %d-word answers: %d records in %.2f s (%.0f records/s)%n",
                sessions, words, records.get(), secs, records.get() / secs);
    }

    private static int count(String line, String what) {
        int n = 0;
        for (int i = line.indexOf(what); i >= 0; i = line.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Holds idle SSE connections (no records flow) and reads the server's heap and thread count. */
    private void idle(int connections, int holdSeconds) throws Exception {
        List<String> chats = createAll(Math.min(connections, 100));
        long heapBefore = usedHeapKb();
        long threadsBefore = threads();
        List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService openers = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < connections; i++) {
                String chat = chats.get(i % chats.size());
                openers.submit(() -> streams.add(subscribe(chat, 600)));
            }
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
        long heapAfter = usedHeapKb();
        long threadsAfter = threads();
        System.out.printf("idle SSE: %d connections open; server heap used %d KiB → %d KiB (+%.1f KiB per connection); "
                        + "server threads %d → %d%n", streams.size(), heapBefore, heapAfter,
                (heapAfter - heapBefore) / (double) Math.max(1, streams.size()), threadsBefore, threadsAfter);
        for (InputStream in : streams) {
            in.close();
        }
    }

    private InputStream subscribe(String chat, int timeoutSeconds) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream")
                .header("Timeout-Seconds", String.valueOf(timeoutSeconds)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("subscribe: " + r.statusCode());
        }
        return r.body();
    }

    private void append(String chat, String chunk) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out/append"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chunk)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"seq\"")) {
            throw new IllegalStateException("append: " + r.statusCode() + " " + r.body());
        }
    }

    private List<String> createAll(int n) throws Exception {
        List<String> chats = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < n; i++) {
                pool.submit(() -> chats.add(create()));
            }
        }
        if (chats.size() != n) {
            throw new IllegalStateException("created " + chats.size() + " of " + n + " sessions");
        }
        return chats;
    }

    private String create() throws Exception {
        String chat = "bench-" + UUID.randomUUID();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/sessions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"chat.agent\",\"externalId\":\"" + chat
                        + "\",\"taskIdentifier\":\"demo\",\"triggerConfig\":{\"basePayload\":{\"chatId\":\"" + chat + "\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create: " + r.statusCode() + " " + r.body());
        }
        return chat;
    }

    private long usedHeapKb() throws Exception {
        return Bench.usedHeapKb(pid);
    }

    private long threads() throws Exception {
        if (pid == null) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring(8).trim());
            }
        }
        return -1;
    }

    private static void report(String what, List<Double> ms) {
        if (ms.isEmpty()) {
            System.out.println(what + ": no samples");
            return;
        }
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms, max %.1f ms (%d samples)%n", what, Bench.percentile(ms, 50),
                Bench.percentile(ms, 99), Bench.max(ms), ms.size());
    }
}
