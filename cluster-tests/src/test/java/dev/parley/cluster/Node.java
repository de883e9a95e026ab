package dev.parley.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Parley node: a Liberty server of its own (Parley's configuration, parley.war, the PostgreSQL driver, the Artemis
 * resource adapter) in the shared runtime, started and stopped with {@code bin/server} and killed with {@code kill -9}.
 */
final class Node {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Path WLP = Path.of(System.getProperty("cluster.wlp"));

    final int index;
    final String name;
    final String id;
    final String url;
    private final Path dir;

    Node(int index) {
        this.index = index;
        this.name = System.getProperty("cluster.server.name") + "-" + index;
        this.id = "node-" + index;
        this.url = "http://127.0.0.1:" + (Integer.getInteger("cluster.http.port") + index - 1);
        this.dir = WLP.resolve("usr/servers").resolve(name);
    }

    /** A fresh server directory with {@code env} as its server.env. */
    void create(Map<String, String> env) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("jdbc"));
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("cluster.config")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.copy(Path.of(System.getProperty("cluster.war")), dir.resolve("apps/parley.war"));
        Files.copy(Path.of(System.getProperty("cluster.jdbc")), dir.resolve("jdbc/postgresql.jar"));
        copyTree(Path.of(System.getProperty("cluster.ra")), dir.resolve("artemis-ra"));
        List<String> lines = new ArrayList<>();
        env.forEach((k, v) -> lines.add(k + "=" + v));
        lines.add("PARLEY_NODE_ID=" + id);
        lines.add("PARLEY_HTTP_PORT=" + (Integer.getInteger("cluster.http.port") + index - 1));
        lines.add("PARLEY_HTTPS_PORT=" + (Integer.getInteger("cluster.https.port") + index - 1));
        Files.write(dir.resolve("server.env"), lines);
    }

    /** Starts the server and returns once its readiness check is UP. */
    void start() throws IOException, InterruptedException {
        server("start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (ready()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " did not become ready; see " + dir.resolve("logs"));
    }

    boolean ready() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        try {
            server("stop");
        } catch (IOException | InterruptedException | AssertionError e) {
            System.err.println("[cluster] stopping " + name + " failed: " + e);
        }
    }

    /** kill -9: no shutdown, no suspension; its leases expire and its broker connection drops. */
    void kill() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid/" + name + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private void server(String action) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name).redirectErrorStream(true)
                .redirectOutput(WLP.resolve("../" + name + "-" + action + ".log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("server " + action + " " + name + " did not return");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
