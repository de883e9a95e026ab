package dev.parley.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run-engine benchmark against a running Parley whose {@code demo} agent uses the demo model at zero latency
 * (PARLEY_MODELS_DEFAULT_WORD_DELAY=0). Measures append → first {@code text-delta} on SSE for a WAITING run, a
 * SUSPENDED run and the continuation of a 100-message chat, and the server heap held by many WAITING or SUSPENDED
 * chats. The database URL is used to see run states and to end runs for the continuation scenario.
 *
 * <pre>
 * java … RunsBenchmark --url http://localhost:9180 --key KEY --db jdbc:postgresql://localhost:25532/postgres
 *                      [--pid LIBERTY_PID] scenario…   (waiting | suspended | continuation | waiting-heap N | suspended-heap N)
 * </pre>
 */
public final class RunsBenchmark {

    private static final Pattern RECORD = Pattern.compile("\\{\"seq_num\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final String url;
    private final String key;
    private final String db;
    private final String pid;

    private RunsBenchmark(String url, String key, String db, String pid) {
        this.url = url;
        this.key = key;
        this.db = db;
        this.pid = pid;
    }

    public static void main(String[] args) throws Exception {
        List<String> scenarios = new ArrayList<>();
        Map<String, String> opt = Bench.options(args, scenarios);
        RunsBenchmark b = new RunsBenchmark(opt.getOrDefault("url", "http://localhost:9080"), opt.get("key"),
                opt.get("db"), opt.get("pid"));
        for (int i = 0; i < scenarios.size(); i++) {
            switch (scenarios.get(i)) {
                case "waiting" -> b.waiting(200);
                case "suspended" -> b.suspended(100);
                case "continuation" -> b.continuation(20, 50);
                case "waiting-heap" -> b.heap("WAITING", Integer.parseInt(scenarios.get(++i)));
                case "suspended-heap" -> b.heap("SUSPENDED", Integer.parseInt(scenarios.get(++i)));
                default -> throw new IllegalArgumentException("unknown scenario " + scenarios.get(i));
            }
        }
        System.exit(0);
    }

    /** One chat whose run waits warm between turns: each message finds it WAITING. */
    private void waiting(int n) throws Exception {
        String chat = create();
        long cursor = turn(chat, -1).turnComplete();
        for (int i = 0; i < 20; i++) {
            cursor = turn(chat, cursor).turnComplete();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Turn t = turn(chat, cursor);
            ms.add(t.firstDeltaMs());
            cursor = t.turnComplete();
        }
        report("append -> first text-delta, WAITING run (" + n + " turns, one chat)", ms);
    }

    /** Chats whose runs suspended after their idle timeout: each message resumes one (JMS, reload, same run id). */
    private void suspended(int n) throws Exception {
        List<String> chats = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String chat = create();
            chats.add(chat);
            cursors.add(turn(chat, -1).turnComplete());
        }
        awaitStatus(chats, "SUSPENDED");
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(turn(chats.get(i), cursors.get(i)).firstDeltaMs());
        }
        report("append -> first text-delta, SUSPENDED run (" + n + " chats)", ms);
    }

    /** Chats of {@code turns} turns (2 × turns messages) whose run ended: each message starts a continuation run. */
    private void continuation(int n, int turns) throws Exception {
        List<String> chats = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String chat = create();
            long cursor = -1;
            for (int t = 0; t < turns; t++) {
                cursor = turn(chat, cursor).turnComplete();
            }
            chats.add(chat);
            cursors.add(cursor);
        }
        awaitStatus(chats, "SUSPENDED");
        sql("update session_run set suspend_deadline = now() - interval '1 second' where status = 'SUSPENDED' and "
                + "session_id in (select id from session where external_id = any(?))", chats);
        awaitStatus(chats, "COMPLETED");
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ms.add(turn(chats.get(i), cursors.get(i)).firstDeltaMs());
        }
        report("append -> first text-delta, continuation of a " + (2 * turns) + "-message chat (" + n + " chats)", ms);
    }

    /** Heap after a full GC with {@code n} chats in {@code state}, against the heap before they existed. */
    private void heap(String state, int n) throws Exception {
        long before = usedHeapKb();
        List<String> chats = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(pool.submit(() -> {
                    String chat = create();
                    turn(chat, -1);
                    chats.add(chat);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        awaitStatus(chats, state);
        // the SSE streams the client closed are noticed by the server's next ping (every 5 s): let them go first
        Thread.sleep(12_000);
        long after = usedHeapKb();
        System.out.printf("%s chats: %d | heap used after full GC: before %,d KiB, after %,d KiB, delta %,d KiB (%.1f KiB per chat)%n",
                state, n, before, after, after - before, (after - before) / (double) n);
    }

    private record Turn(double firstDeltaMs, long turnComplete) {
    }

    /** Subscribes after {@code cursor}, appends a message, times the first text-delta, reads to the turn-complete. */
    private Turn turn(String chat, long cursor) throws Exception {
        HttpRequest sse = HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out"))
                .header("Authorization", "Bearer " + key).header("Last-Event-ID", Long.toString(cursor))
                .header("Timeout-Seconds", "60").GET().build();
        HttpResponse<InputStream> r = HTTP.send(sse, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            in.readLine(); // the comment Parley writes first: the stream is open
            long t0 = System.nanoTime();
            post("/realtime/v1/sessions/" + chat + "/in/append", "{\"kind\":\"message\",\"payload\":{\"chatId\":\"" + chat
                    + "\",\"trigger\":\"submit-message\",\"message\":{\"id\":\"" + UUID.randomUUID()
                    + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"hello there\"}]}}}");
            double first = -1;
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                if (first < 0 && line.contains("text-delta")) {
                    first = (System.nanoTime() - t0) / 1e6;
                }
                int tc = line.indexOf("turn-complete");
                if (tc >= 0) {
                    Matcher m = RECORD.matcher(line.substring(0, tc));
                    long seq = -1;
                    while (m.find()) {
                        seq = Long.parseLong(m.group(1));
                    }
                    return new Turn(first, seq);
                }
            }
            throw new IllegalStateException("the stream of " + chat + " ended without a turn-complete");
        }
    }

    private String create() throws Exception {
        String chat = "bench-" + UUID.randomUUID();
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

    /** Waits (≤ 10 min) until the current runs of all chats are in {@code status}. */
    private void awaitStatus(List<String> chats, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            long ready;
            try (Connection c = DriverManager.getConnection(db, "postgres", "");
                 PreparedStatement ps = c.prepareStatement("select count(*) from session s join session_run r on r.id = s.current_run_id "
                         + "where s.external_id = any(?) and r.status = ?")) {
                ps.setArray(1, c.createArrayOf("varchar", chats.toArray()));
                ps.setString(2, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ready = rs.getLong(1);
                }
            }
            if (ready == chats.size()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("runs did not all reach " + status);
    }

    private void sql(String sql, List<String> chats) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", chats.toArray()));
            ps.executeUpdate();
        }
    }

    private long usedHeapKb() throws Exception {
        return Bench.usedHeapKb(pid);
    }

    private static void report(String what, List<Double> ms) {
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, Bench.percentile(ms, 50),
                Bench.percentile(ms, 99), Bench.max(ms));
    }
}
