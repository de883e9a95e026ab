package dev.parley.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.sendTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A second Parley server ("parley2") on the test database, started from the same runtime and configuration as the
 * Arquillian-managed one, with its own ports and optionally its own settings; it can be killed ({@code kill -9}) and
 * restarted, keeping its data directory (so its node id) across restarts.
 */
final class SecondNode {

    static final Path WLP = Path.of(System.getProperty("parley.wlp"));
    static final String URL = "http://localhost:" + System.getProperty("parley.node2.port");

    private SecondNode() {
    }

    /** Starts node 2 with node 1's environment (database, keys), its own ports and {@code settings} on top. */
    static void start(Map<String, String> settings) throws IOException, InterruptedException {
        writeEnv(settings);
        stopIfRunning();
        restart();
    }

    private static void writeEnv(Map<String, String> settings) throws IOException {
        List<String> env = Files.readAllLines(WLP.resolve("usr/servers/" + System.getProperty("parley.server.name", "parley-it")
                + "/server.env")).stream().filter(l -> !l.startsWith("PARLEY_HTTP_PORT=") && !l.startsWith("PARLEY_HTTPS_PORT=")
                && settings.keySet().stream().noneMatch(k -> l.startsWith(k + "="))).collect(Collectors.toList());
        env.add("PARLEY_HTTP_PORT=" + System.getProperty("parley.node2.port"));
        env.add("PARLEY_HTTPS_PORT=" + (Integer.parseInt(System.getProperty("parley.node2.port")) + 363));
        settings.forEach((k, v) -> env.add(k + "=" + v));
        Files.write(WLP.resolve("usr/servers/parley2/server.env"), env);
    }

    /** Starts node 2 with {@code settings}, expecting its log to say {@code why} instead of becoming ready. */
    static void startFailing(Map<String, String> settings, String why) throws Exception {
        writeEnv(settings);
        stopIfRunning();
        Path log = WLP.resolve("usr/servers/parley2/logs/messages.log");
        Files.deleteIfExists(log);
        server("start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readString(log).contains(why)) {
                    if (ready()) {
                        throw new AssertionError("node 2 became ready anyway");
                    }
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("node 2's log never said \"" + why + "\"");
        } finally {
            // its application never started: nothing to quiesce or to suspend, so no orderly stop is needed
            Optional<ProcessHandle> node2 = process();
            if (node2.isPresent()) {
                node2.get().destroyForcibly();
                node2.get().onExit().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts node 2 with node 1's settings unless it is up already. */
    static void ensureRunning() throws IOException, InterruptedException {
        if (!ready()) {
            start(Map.of());
        }
    }

    static boolean ready() {
        try {
            return sendTo(URL, "GET", "/health/ready", null).statusCode() == 200;
        } catch (IllegalStateException notListening) {
            return false;
        }
    }

    /** Starts node 2 again with the settings it last had; returns when it is ready. */
    static void restart() throws IOException, InterruptedException {
        server("start");
        awaitReady();
    }

    static void stop() throws IOException, InterruptedException {
        server("stop");
    }

    /** A stop only if its process lives: {@code server stop} of a server that is down still costs a JVM's start. */
    private static void stopIfRunning() throws IOException, InterruptedException {
        if (process().isPresent()) {
            stop();
        }
    }

    /** Node 2's process, if it runs: its pid file outlives a {@code kill -9}, so the process itself is asked. */
    private static Optional<ProcessHandle> process() throws IOException {
        Path pid = WLP.resolve("usr/servers/.pid/parley2.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive);
    }

    /**
     * Stops node 2 if it runs. Every node reaps expired leases, and node 2 deploys the stock WAR without the test's
     * probe agents: a recovery it took for a probe chat would answer "no agent deployed".
     */
    static void ensureStopped() throws IOException, InterruptedException {
        if (ready()) {
            stop();
        }
    }

    /** kill -9: no shutdown hook, no suspension, leases left to expire. */
    static void kill() throws Exception {
        ProcessHandle node2 = process().orElseThrow(() -> new AssertionError("node 2 is not running"));
        node2.destroyForcibly();
        node2.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node 2 did not become ready; see " + WLP.resolve("usr/servers/parley2/logs"));
    }

    /** Creates a demo chat through node 2 (preloaded), so node 2's queue and engine take its first run. */
    static void createChat(String chat) {
        HttpResponse<String> created = sendTo(URL, "POST", "/api/v1/sessions", """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo",
                 "triggerConfig":{"basePayload":{"trigger":"preload","chatId":"%s"}}}""".formatted(chat, chat),
                "Authorization", bearer(KEY), "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
    }

    static void say(String chat, String text) {
        HttpResponse<String> sent = sendTo(URL, "POST", "/realtime/v1/sessions/" + chat + "/in/append",
                Parley.message(chat, text), "Authorization", bearer(KEY), "Content-Type", "application/json");
        assertEquals(200, sent.statusCode(), sent.body());
    }

    private static void server(String action) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, "parley2")
                .redirectErrorStream(true).redirectOutput(WLP.resolve("../parley2-" + action + ".log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("server " + action + " parley2 did not return");
        }
    }
}
