package dev.parley.runnable;

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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable jar as an operator runs it: {@code java -jar parley.jar} with only environment variables, against a
 * real PostgreSQL, in JSON log format. It must become ready, hold a chat, and write its log as JSON lines.
 */
class RunnableJarIT {

    private static final String KEY = "tr_prod_runnableJarSecretKey0123456789abcdef";
    private static final Path WORK = Path.of(System.getProperty("parley.work"));
    private static final String URL = "http://localhost:" + System.getProperty("parley.http.port");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Process parley;
    private static long readyAfterMillis;

    @BeforeAll
    static void startTheJar() throws Exception {
        int dbPort = Integer.parseInt(System.getProperty("parley.db.port"));
        deleteRecursively(WORK); // the jar refuses to extract over an earlier run's files
        EmbeddedDatabase.start(WORK.resolve("pgdata"), dbPort);
        Files.createDirectories(WORK);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", System.getProperty("parley.jar"))
                .redirectErrorStream(true).redirectOutput(WORK.resolve("console.log").toFile());
        var env = pb.environment();
        env.put("WLP_JAR_EXTRACT_DIR", WORK.resolve("extract").toString());
        env.put("PARLEY_HTTP_PORT", System.getProperty("parley.http.port"));
        env.put("PARLEY_HTTPS_PORT", System.getProperty("parley.https.port"));
        env.put("PARLEY_DB_URL", "jdbc:postgresql://localhost:" + dbPort + "/postgres");
        env.put("PARLEY_DB_USER", "postgres");
        env.put("PARLEY_BOOTSTRAP_SECRET_KEY", KEY);
        env.put("PARLEY_KEY_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("PARLEY_DATA_DIR", WORK.resolve("data").toString());
        env.put("PARLEY_MODELS_DEFAULT_WORD_DELAY", "0");
        env.put("PARLEY_LOG_FORMAT", "json");
        long started = System.nanoTime();
        parley = pb.start();
        awaitReady(started);
        readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("[runnable] java -jar parley.jar ready after %d ms%n", readyAfterMillis);
    }

    @AfterAll
    static void stopTheJar() throws InterruptedException {
        if (parley != null) {
            parley.destroy();
            if (!parley.waitFor(60, TimeUnit.SECONDS)) {
                parley.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startupAndReadinessAreUp() {
        for (String path : List.of("/health/started", "/health/ready", "/health/live")) {
            HttpResponse<String> r = send("GET", path, null, null);
            assertEquals(200, r.statusCode(), path + " " + r.body());
            assertEquals("UP", json(r.body()).getString("status"), r.body());
        }
    }

    @Test
    void aChatIsAnswered() throws InterruptedException {
        String chat = "jar-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","taskIdentifier":"demo","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, chat), KEY);
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message",
                 "message":{"id":"u1","role":"user","parts":[{"type":"text","text":"hello from the jar"}]}}}"""
                .formatted(chat), KEY);
        assertEquals(200, sent.statusCode(), sent.body());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null, KEY).body();
            if (out.contains("turn-complete")) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(out.contains("turn-complete"), "the turn completed: " + out);
        assertTrue(out.contains("jar"), "the demo model's answer echoes the message: " + out);
    }

    @Test
    void theLogIsJsonLines() throws IOException {
        List<String> lines = Files.readAllLines(WORK.resolve("console.log")).stream()
                .filter(l -> l.contains("CWWKZ0001I")).toList();
        assertEquals(1, lines.size(), "one 'application started' line: " + lines);
        JsonObject line = json(lines.get(0));
        assertEquals("liberty_message", line.getString("type"), lines.get(0));
        assertTrue(line.getString("message").contains("parley"), lines.get(0));
    }

    @Test
    void whatATurnLogsCarriesItsChatRunAndTurn() throws IOException, InterruptedException {
        String chat = "jar-log-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","taskIdentifier":"demo","externalId":"%s",
                 "triggerConfig":{"basePayload":{"chatId":"%s","trigger":"preload"}}}""".formatted(chat, chat), KEY);
        assertEquals(201, created.statusCode(), created.body());
        // a model that is not configured fails the turn, which logs why on the turn's thread
        HttpResponse<String> sent = send("POST", "/realtime/v1/sessions/" + chat + "/in/append", """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","metadata":{"model":"no-such-model"},
                 "message":{"id":"u1","role":"user","parts":[{"type":"text","text":"hello"}]}}}""".formatted(chat), KEY);
        assertEquals(200, sent.statusCode(), sent.body());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> lines = List.of();
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            lines = Files.readAllLines(WORK.resolve("console.log")).stream()
                    .filter(l -> l.startsWith("{") && l.contains("failed (error id") && l.contains("no-such-model")).toList();
            Thread.sleep(200);
        }
        assertEquals(1, lines.size(), "one line about the failed turn: " + lines);
        JsonObject line = json(lines.get(0));
        assertEquals(chat, line.getString("ext_parley_chat"), lines.get(0));
        assertEquals("1", line.getString("ext_parley_turn"), lines.get(0));
        assertTrue(line.getString("ext_parley_run").startsWith("run_"), lines.get(0));
    }

    private static void awaitReady(long started) throws InterruptedException, IOException {
        long deadline = started + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!parley.isAlive()) {
                throw new AssertionError("java -jar parley.jar exited with " + parley.exitValue() + ":\n"
                        + Files.readString(WORK.resolve("console.log")));
            }
            try {
                if (send("GET", "/health/ready", null, null).statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the runnable jar never became ready:\n" + Files.readString(WORK.resolve("console.log")));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
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
