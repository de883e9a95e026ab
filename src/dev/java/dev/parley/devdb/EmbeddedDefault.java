package dev.parley.devdb;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code mvn -Pserve} runs before Liberty: the embedded default's data directory (outside the build directory,
 * so that {@code mvn clean} leaves chats, keys and console users alone), the move of data from where older versions
 * kept it, the embedded PostgreSQL, and one line once Parley answers {@code /health/ready}.
 *
 * <p>Arguments: data directory, build directory, embedded PostgreSQL port, whether the chat page is on, the file
 * Parley writes its first-start secrets to. The environment wins where Liberty reads it too: {@code PARLEY_DB_URL} (no
 * embedded database), {@code PARLEY_EMBEDDED_DB_PORT}, {@code PARLEY_HTTP_PORT}.
 */
public final class EmbeddedDefault {

    private static final Duration READY_DEADLINE = Duration.ofMinutes(10);

    private EmbeddedDefault() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        Path dataDir = Path.of(args[0]);
        prepare(dataDir, Path.of(args[1]));
        String external = env.getOrDefault("PARLEY_DB_URL", "");
        if (external.isBlank()) {
            EmbeddedDatabase.start(dataDir.resolve(OldLocations.POSTGRES),
                    Integer.parseInt(env.getOrDefault("PARLEY_EMBEDDED_DB_PORT", args[2])));
        } else {
            System.out.println("[parley] PARLEY_DB_URL is set; not starting the embedded PostgreSQL");
        }
        int httpPort = Integer.parseInt(env.getOrDefault("PARLEY_HTTP_PORT", "9080"));
        Thread.ofPlatform().daemon().name("parley-ready-line")
                .start(() -> announceWhenReady(httpPort, () -> readyLine(secondsSinceStart(), httpPort,
                        Boolean.parseBoolean(args[3]), Path.of(args[4]), dataDir, env)));
    }

    /** Creates the data directory (owner-only) and moves old data into it. */
    static void prepare(Path dataDir, Path buildDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir);
            try {
                // it holds the key that seals every stored secret key, and the database
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the parent's permissions apply
            }
        }
        OldLocations.moveInto(dataDir, buildDir).ifPresent(System.out::println);
    }

    /** Read once Parley is ready, when the first start has written its secrets (the application does so on start). */
    static String readyLine(double seconds, int httpPort, boolean chatPage, Path secretsFile, Path dataDir,
                            Map<String, String> env) {
        String base = "http://localhost:" + httpPort + "/";
        String key = whereIs("PARLEY_BOOTSTRAP_SECRET_KEY", secretsFile, env);
        String password = whereIs("PARLEY_CONSOLE_ADMIN_PASSWORD", secretsFile, env);
        String secrets = key.equals(password) ? "secret key and admin password " + key
                : "secret key " + key + ", admin password " + password;
        return "[parley] ready after %.1f s: %sconsole %sconsole/ · %s · data in %s".formatted(seconds,
                chatPage ? "chat " + base + " · " : "", base, secrets, dataDir.toAbsolutePath());
    }

    private static String whereIs(String variable, Path secretsFile, Map<String, String> env) {
        if (!env.getOrDefault(variable, "").isBlank()) {
            return "from " + variable;
        }
        // a data directory from before the secrets went to a file: they were on stdout, once
        return Files.exists(secretsFile) ? "in " + secretsFile.toAbsolutePath() : "shown at the first start";
    }

    /** Since the JVM started, which under exec:java is when the Maven command started. */
    private static double secondsSinceStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    private static void announceWhenReady(int httpPort, Supplier<String> line) {
        // plain HTTP/1.1: the default asks for an h2c upgrade, which left FFDC incidents in the log during start-up
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.println(line.get());
                    return;
                }
            } catch (IOException notYet) {
                // Liberty is still starting
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
