package dev.parley.payara;

import dev.parley.devdb.EmbeddedDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unchanged parley.war on Payara Server with the resources of src/main/payara/post-boot-commands.asadmin, against
 * a real PostgreSQL: runs travel through Payara's own broker to the message bean, and a chat behaves as on Liberty
 * over trigger.dev's realtime protocol (create, two turns, idle suspend and resume, stop, close), the official npm
 * clients of conformance/ hold their two-turn and stop cases, and the console signs its admin in.
 */
class PayaraSmokeIT {

    private static final String KEY = "tr_dev_payaraSmokeSecretKey0123456789abcdef";
    private static final String ADMIN_PASSWORD = "payara-smoke-admin-password";
    private static final Path WORK = Path.of(System.getProperty("payara.work"));
    private static final int DB_PORT = Integer.parseInt(System.getProperty("payara.db.port"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static PayaraDomain domain;
    private static String url;

    @BeforeAll
    static void deployOnPayara() throws Exception {
        PayaraDomain.deleteRecursively(WORK.resolve("pgdata"));
        EmbeddedDatabase.start(WORK.resolve("pgdata"), DB_PORT);
        domain = new PayaraDomain(WORK, Integer.parseInt(System.getProperty("payara.portbase")));
        url = "http://localhost:" + domain.httpPort();
        long started = System.nanoTime();
        domain.create();
        domain.start(Map.of(
                "PARLEY_DB_URL", "jdbc:postgresql://localhost:" + DB_PORT + "/postgres",
                "PARLEY_DB_USER", "postgres",
                "PARLEY_DB_PASSWORD", "unused-the-embedded-database-trusts-local-connections",
                "PARLEY_BOOTSTRAP_SECRET_KEY", KEY,
                "PARLEY_KEY_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "PARLEY_DATA_DIR", WORK.resolve("data").toString(),
                "PARLEY_CONSOLE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // slow enough that a stop lands inside a long answer, fast enough for short ones
                "PARLEY_MODELS_DEFAULT_WORD_DELAY", "50ms",
                "PARLEY_AGENTS_DEMO_IDLE_TIMEOUT_SECONDS", "2"));
        domain.deploy();
        awaitReady();
        System.out.printf("[payara] domain created, started and parley.war deployed in %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    static void stopPayara() throws Exception {
        if (domain != null) {
            domain.stop();
        }
    }

    @Test
    void theWarIsReadyWithItsRunQueueOnPayarasBroker() {
        HttpResponse<String> r = send("GET", "/health/ready", null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"messaging\":\"UP\""), r.body());
        assertTrue(r.body().contains("\"database\":\"UP\""), r.body());
    }

    @Test
    void aChatAnswersTwoTurnsOverTheRealtimeStream() {
        String chat = newChat();
        say(chat, "hello payara");
        String first = readOutUntil(chat, -1, s -> s.contains("turn-complete"));
        assertTrue(first.contains(delta("payara")), "the demo model echoes the message: " + first);
        long after = lastSeq(first);

        say(chat, "second turn");
        String second = readOutUntil(chat, after, s -> s.contains("turn-complete"));
        assertTrue(second.contains(delta("second ")), second);
        assertFalse(second.contains(delta("payara")), "Last-Event-ID resumes after the first turn: " + second);
    }

    @Test
    void anIdleRunSuspendsAndTheNextMessageResumesTheSameRun() throws Exception {
        String chat = newChat();
        say(chat, "before the pause");
        long after = lastSeq(readOutUntil(chat, -1, s -> s.contains("turn-complete")));
        String run = currentRun(chat);
        awaitRunStatus(run, "SUSPENDED");

        say(chat, "after the pause");
        String resumed = readOutUntil(chat, after, s -> s.contains("turn-complete"));
        assertTrue(resumed.contains(delta("pause")), resumed);
        assertEquals(run, currentRun(chat), "the suspended run itself answered");
    }

    @Test
    void aStopEndsTheStreamingTurnWithAbort() {
        String chat = newChat();
        String words = IntStream.range(0, 200).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        say(chat, words);
        readOutUntil(chat, -1, s -> s.contains(delta("word3 ")));
        HttpResponse<String> stop = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", "{\"kind\":\"stop\"}", KEY);
        assertEquals(200, stop.statusCode(), stop.body());
        String turn = readOutUntil(chat, -1, s -> s.contains("turn-complete"));
        assertTrue(turn.contains("\\\"type\\\":\\\"abort\\\""), "a stopped turn ends with abort: " + turn);
        assertFalse(turn.contains(delta("word199")), "stopped before the end of the answer");
    }

    @Test
    void aClosedChatRefusesMessages() {
        String chat = newChat();
        HttpResponse<String> closed = send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"done\"}", KEY);
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("done", json(closed.body()).getString("closedReason"));
        HttpResponse<String> late = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", message(chat, "too late"), KEY);
        assertEquals(409, late.statusCode(), late.body());
        assertEquals("session_closed", json(late.body()).getString("code"), late.body());
    }

    @Test
    void theConsoleSignsTheAdminInAndRefusesAWrongPassword() {
        HttpResponse<String> wrong = send("POST", "/console/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"not-the-password\"}", null);
        assertEquals(401, wrong.statusCode(), wrong.body());

        HttpResponse<String> signIn = send("POST", "/console/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}", null);
        assertEquals(200, signIn.statusCode(), signIn.body());
        String cookie = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_console="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no console cookie: " + signIn.headers().map()));
        HttpResponse<String> me = exchange(HttpRequest.newBuilder(URI.create(url + "/console/api/auth/me"))
                .timeout(Duration.ofSeconds(30)).header("Cookie", cookie).GET().build());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("admin"), me.body());
    }

    @Test
    void theOfficialTransportsHoldChatsOnPayara() throws IOException, InterruptedException {
        // conformance/'s suite with @trigger.dev/sdk and the AI SDK, limited to its two-turn and stop cases
        Path log = WORK.resolve("conformance.log");
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("payara.node"), "run.mjs")
                .directory(Path.of(System.getProperty("payara.conformance")).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("PARLEY_URL", url, "PARLEY_SECRET_KEY", KEY,
                "CONFORMANCE_ONLY", "transport: two turns,transport: stop, then the next message,agentchat: sendMessage"));
        Process node = pb.start();
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("the conformance cases did not finish in 5 minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        System.out.print(out);
        assertEquals(0, node.exitValue(), out);
        var verdict = java.util.regex.Pattern.compile("(\\d+) passed, (\\d+) failed").matcher(out);
        assertTrue(verdict.find(), out);
        assertTrue(Integer.parseInt(verdict.group(1)) >= 4, "the chosen cases ran: " + out);
        assertEquals("0", verdict.group(2), out);
    }

    private static String newChat() {
        String chat = "payara-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","taskIdentifier":"demo","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, chat), KEY);
        assertEquals(201, created.statusCode(), created.body());
        return chat;
    }

    private static void say(String chat, String text) {
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", message(chat, text), KEY);
        assertEquals(200, sent.statusCode(), sent.body());
    }

    private static String message(String chat, String text) {
        return """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message",
                 "message":{"id":"%s","role":"user","parts":[{"type":"text","text":"%s"}]}}}"""
                .formatted(chat, UUID.randomUUID(), text);
    }

    private static String currentRun(String chat) {
        HttpResponse<String> s = send("GET", "/api/v1/sessions/" + chat, null, KEY);
        assertEquals(200, s.statusCode(), s.body());
        return json(s.body()).getString("currentRunId");
    }

    /** The SSE stream of .out after {@code afterSeq}, read until what arrived satisfies {@code done}. */
    private static String readOutUntil(String chat, long afterSeq, Predicate<String> done) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/realtime/v1/sessions/" + chat + "/out"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + KEY)
                .header("Accept", "text/event-stream").header("Timeout-Seconds", "30").GET();
        if (afterSeq >= 0) {
            b.header("Last-Event-ID", Long.toString(afterSeq));
        }
        StringBuilder seen = new StringBuilder();
        try (Stream<String> lines = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines()).body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                seen.append(it.next()).append('\n');
                if (done.test(seen.toString())) {
                    return seen.toString();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading .out of " + chat + " failed after:\n" + seen, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("the stream ended before the expected records:\n" + seen);
    }

    /** A text delta as it appears in an SSE batch, where each record's body is a JSON string holding the chunk. */
    private static String delta(String text) {
        return "\\\"delta\\\":\\\"" + text + "\\\"";
    }

    private static long lastSeq(String sse) {
        var m = java.util.regex.Pattern.compile("\"seq_num\":(\\d+)").matcher(sse);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        assertTrue(last >= 0, "no records in " + sse);
        return last;
    }

    private static void awaitRunStatus(String run, String status) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String seen = null;
        while (System.nanoTime() < deadline) {
            try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:" + DB_PORT + "/postgres", "postgres", "");
                 var s = c.prepareStatement("select status from session_run where friendly_id = ?")) {
                s.setString(1, run);
                try (var rs = s.executeQuery()) {
                    seen = rs.next() ? rs.getString(1) : null;
                }
            }
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + run + " is " + seen + ", not " + status);
    }

    private static void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = send("GET", "/health/ready", null, null);
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.body();
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(500);
        }
        String log = Files.exists(domain.serverLog()) ? Files.readString(domain.serverLog()) : "(no server.log)";
        throw new AssertionError("parley.war never became ready on Payara (" + last + "):\n" + log);
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return exchange(b.build());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
