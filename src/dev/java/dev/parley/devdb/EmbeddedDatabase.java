package dev.parley.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a real PostgreSQL (binaries from Maven Central) for the zero-setup run and for the test builds, so that
 * nothing has to be installed. It runs inside the Maven JVM and stops with it.
 *
 * <p>Skipped when {@code PARLEY_DB_URL} points Parley at an existing database. Arguments: data directory, port.
 */
public final class EmbeddedDatabase {

    private static volatile EmbeddedPostgres running;

    private EmbeddedDatabase() {
    }

    public static void main(String[] args) throws IOException {
        String external = System.getenv("PARLEY_DB_URL");
        if (external != null && !external.isBlank()) {
            System.out.println("[parley] PARLEY_DB_URL is set; not starting the embedded PostgreSQL");
            return;
        }
        Path dataDir = Path.of(args.length > 0 ? args[0] : "target/parley-data/postgres");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 25432;
        start(dataDir, port);
    }

    public static synchronized EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        if (running != null) {
            return running;
        }
        Files.createDirectories(dataDir);
        boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("max_prepared_transactions", "50")
                // the library starts PostgreSQL with -F (fsync off), which a host crash can turn into a corrupt data
                // directory; a later -c wins, so fsync is back on. synchronous_commit stays off (the library's
                // default): a crash of the host can lose the last commits, never the database
                .setServerConfig("fsync", "on")
                .start();
        running = pg;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("[parley] embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }, "parley-embedded-postgres-stop"));
        System.out.printf("[parley] embedded PostgreSQL %s on localhost:%d (data: %s)%n",
                fresh ? "initialised" : "started", port, dataDir.toAbsolutePath());
        return pg;
    }
}
