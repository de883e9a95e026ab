package dev.parley.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's fuzzing proof and issue 20's cases: generated requests over every route of the deployed application
 * (seeded: {@code -Dfuzz.seed=…} repeats a run, {@code -Dfuzz.requests=…} sets its size). No answer is a 5xx,
 * every error is JSON in the documented shape without stack frames, every chat used stays readable with gap-free
 * seqs, and the server is ready afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class HttpFuzzIT {

    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|Exception:|\\.java:\\d+");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    private static RawHttp.Answer raw(String method, String target, String body, String... headers) {
        List<String[]> h = new ArrayList<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.add(new String[]{headers[i], headers[i + 1]});
        }
        URI base = URI.create(Parley.URL);
        return RawHttp.exchange(base.getHost(), base.getPort(), method, target, h,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Null when the answer is fine; else what is wrong with it. */
    static String problem(String method, String target, RawHttp.Answer a) {
        if (a.status() >= 500 && !writerCredentialsRefused(method, a)) {
            return "server error";
        }
        if (a.status() < 400 || undecodablePathRefusedByLiberty(method, a)) {
            return null;
        }
        String type = a.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "error not JSON (" + type + ")";
        }
        if (method.equals("HEAD")) {
            return null;
        }
        if (STACK_FRAME.matcher(a.body()).find()) {
            return "stack frames in the error";
        }
        try {
            JsonObject o = json(a.body());
            return o.get("error") instanceof jakarta.json.JsonString ? null : "no \"error\" string";
        } catch (RuntimeException e) {
            return "error body not a JSON object";
        }
    }

    /**
     * The one 5xx the protocol asks for (spec decision D12): {@code PUT /realtime/v1/sessions/{id}/{io}} answers 501,
     * since Parley hands out no direct stream-writer credentials.
     */
    private static boolean writerCredentialsRefused(String method, RawHttp.Answer a) {
        return a.status() == 501 && method.equals("PUT") && a.body().contains("direct stream-writer credentials");
    }

    /**
     * The one error not in Parley's shape: a path whose percent escapes cannot be decoded ({@code /a/%}, {@code %ZZ})
     * or that the Servlet 6 rules refuse ({@code %00}, {@code ;jsessionid=}) is refused by Liberty's web container
     * while it decodes the URI, before any application is chosen, so no error page, filter or setting of the
     * application applies. It is a 400 with Liberty's one-line message (HTML, or {@code {"error_message": …}} when the
     * request asks for JSON) and no stack frames (see docs/security.md).
     */
    private static boolean undecodablePathRefusedByLiberty(String method, RawHttp.Answer a) {
        if (a.status() != 400) {
            return false;
        }
        return method.equals("HEAD") ? a.body().isEmpty()
                : a.body().contains("CWWWC0005I:") && !STACK_FRAME.matcher(a.body()).find() && a.body().length() < 800;
    }

    private static void assertErrorShape(int status, RawHttp.Answer a, String what) {
        assertEquals(status, a.status(), what + ": " + a.body());
        assertEquals(null, problem("GET", "", a), what + ": " + a.headers() + " " + a.body());
    }

    @Test
    void aMalformedPercentEscapeInTheQueryIsA400InTheErrorShape() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        assertErrorShape(400, raw("GET", "/realtime/v1/sessions/" + chat + "/out/records?filter=bad%ZZ", null,
                "Authorization", bearer(KEY)), "malformed escape");
        assertErrorShape(400, raw("GET", "/api/v1/sessions?filter%5Bstatus%5D=%", null, "Authorization", bearer(KEY)),
                "lone percent");
    }

    @Test
    void anEncodedDotInThePathIsA400InTheErrorShapeWithoutStackFrames() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        assertErrorShape(400, raw("GET", "/realtime/v1/sessions/" + chat + "/%2e%2e/records", null,
                "Authorization", bearer(KEY)), "encoded dot");
        assertErrorShape(400, raw("GET", "/api/v1/sessions/a%2Fb", null, "Authorization", bearer(KEY)), "encoded slash");
    }

    @Test
    void requestsTheRuntimeCannotReadAre400sInTheErrorShape() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        String append = "/realtime/v1/sessions/" + chat + "/in/append";
        assertErrorShape(400, raw("GET", "/api/v1/sessions", null, "Authorization", bearer(KEY), "Accept", "x/y;q=abc"),
                "an Accept header with a q that is no number");
        assertErrorShape(400, raw("POST", append, Parley.message(chat, "hi"), "Authorization", bearer(KEY),
                "Content-Type", "garbage"), "a Content-Type that is no media type");
        assertErrorShape(400, raw("POST", append, Parley.message(chat, "hi"), "Authorization", bearer(KEY),
                "Content-Type", "application/json", "Content-Encoding", "gzip"), "a body that is not the gzip it claims");
        assertErrorShape(400, raw("POST", "/api/v1/sessions", "[".repeat(5_000) + "]".repeat(5_000),
                "Authorization", bearer(KEY), "Content-Type", "application/json"), "JSON nested beyond the parser's limit");
    }

    @Test
    void containerErrorsAreJsonInTheErrorShape() {
        assertErrorShape(404, raw("GET", "/no/such/path", null), "unknown path");
        assertErrorShape(405, raw("DELETE", "/api/v1/sessions", null, "Authorization", bearer(KEY)), "method not allowed");
        assertErrorShape(415, raw("POST", "/api/v1/sessions", "{}", "Authorization", bearer(KEY), "Content-Type", "application/xml"),
                "unsupported content type");
        assertErrorShape(401, raw("POST", "/console/api/auth/sso", null, "Authorization", "Bearer not-a-jwt"),
                "a refused token on the SSO route");
        assertErrorShape(404, raw("GET", "/_error", null), "the error page itself");
    }

    @Test
    void tenThousandGeneratedRequestsGetNoServerErrorAndOnlyJsonErrors() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int count = Integer.getInteger("fuzz.requests", 10_000);
        int threads = Integer.getInteger("fuzz.threads", 4);
        System.out.println("[fuzz] seed " + seed + " (repeat with -Dfuzz.seed=" + seed + "), " + count + " requests");

        List<Routes.Route> routes = Routes.ofDeployedApplication();
        Set<String> families = new java.util.TreeSet<>();
        routes.forEach(r -> families.add(r.template().split("/")[0]));
        assertTrue(families.containsAll(List.of("api", "realtime", "console", "_error")), "routes found: " + families);
        System.out.println("[fuzz] " + routes.size() + " routes of the deployed application"
                + (Routes.UNREADABLE.isEmpty() ? "" : "; classes not inspected: " + Routes.UNREADABLE));

        List<FuzzRequests.Chat> chats = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = Parley.uniqueChatId();
            JsonObject created = Parley.createChat(id);
            chats.add(new FuzzRequests.Chat(id, created.getString("id"), created.getString("publicAccessToken")));
        }
        FuzzRequests requests = new FuzzRequests(seed, routes, chats, KEY);
        Map<String, List<String>> problems = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> createdSessions = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        URI base = URI.create(Parley.URL);

        Instant started = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        FuzzRequests.Request q = requests.next(i);
                        RawHttp.Answer a = RawHttp.exchange(base.getHost(), base.getPort(), q.method(), q.target(), q.headers(), q.body());
                        statuses.computeIfAbsent(a.status(), s -> new AtomicInteger()).incrementAndGet();
                        String problem = problem(q.method(), q.target(), a);
                        if (problem != null) {
                            problems.computeIfAbsent(problem + " " + a.status(), p -> Collections.synchronizedList(new ArrayList<>()))
                                    .add("#" + i + " " + q.describe() + "\n      -> " + a.status() + " " + a.header("content-type") + " "
                                            + a.body().substring(0, Math.min(400, a.body().length())));
                        }
                        if (a.status() == 201 && q.target().startsWith("/api/v1/sessions")) {
                            createdSessions.add(json(a.body()).getString("id"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.between(started, Instant.now());
        System.out.printf("[fuzz] %d requests in %.1f s (%.0f/s), statuses %s, sessions created %d%n", count,
                took.toMillis() / 1000.0, count * 1000.0 / Math.max(1, took.toMillis()), new TreeMap<>(statuses),
                createdSessions.size());
        StringBuilder report = new StringBuilder();
        problems.forEach((kind, samples) -> {
            report.append("\n").append(samples.size()).append(" × ").append(kind);
            samples.stream().limit(5).forEach(s -> report.append("\n    ").append(s));
        });
        if (!report.isEmpty()) {
            System.out.println("[fuzz] problems (seed " + seed + "):" + report);
        }
        assertTrue(problems.isEmpty(), "seed " + seed + ":" + report);

        List<String> sessions = new ArrayList<>(createdSessions);
        chats.forEach(c -> sessions.add(c.friendlyId()));
        for (String s : sessions) {
            assertReadableWithGapFreeSeqs(s);
        }
        assertReady();
    }

    private static void assertReadableWithGapFreeSeqs(String friendlyId) {
        var session = send("GET", "/api/v1/sessions/" + friendlyId, null, "Authorization", bearer(KEY));
        assertEquals(200, session.statusCode(), friendlyId + ": " + session.body());
        for (String io : List.of("in", "out")) {
            var records = send("GET", "/realtime/v1/sessions/" + friendlyId + "/" + io + "/records", null, "Authorization", bearer(KEY));
            assertEquals(200, records.statusCode(), friendlyId + "." + io + ": " + records.body());
            assertEquals(JsonValue.ValueType.ARRAY, json(records.body()).get("records").getValueType());
        }
        String id = friendlyId.substring("session_".length());
        assertEquals(0, Database.count("""
                select count(*) from (select seq, lag(seq) over (partition by io order by seq) as previous
                                      from stream_record where session_id = ?) r
                where r.previous is not null and r.seq <> r.previous + 1""", id), friendlyId + ": a gap in its seqs");
        assertEquals(0, Database.count("""
                select count(*) from stream_record r join stream_head h on h.session_id = r.session_id and h.io = r.io
                where r.session_id = ? and r.seq >= h.next_seq""", id), friendlyId + ": a record beyond its stream head");
    }

    /**
     * Parley's readiness checks are all UP again. The overall status is not used: on the Arquillian server it stays
     * DOWN for the server.xml application that the test deployment replaces (HealthIT reads the checks the same way).
     */
    private static void assertReady() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = send("GET", "/health/ready", null).body();
            if (parleyChecksUp(last)) {
                return;
            }
            Thread.sleep(200); // the poll interval; the deadline bounds the wait
        }
        throw new AssertionError("Parley's readiness checks after the fuzzing: " + last);
    }

    private static boolean parleyChecksUp(String body) {
        try {
            List<JsonObject> ours = json(body).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").startsWith("parley")).toList();
            return ours.stream().anyMatch(c -> c.getString("name").equals("parley"))
                    && ours.stream().allMatch(c -> "UP".equals(c.getString("status")));
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
