package dev.parley.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default's data lives outside the build directory, and data left in the build directory by older
 * versions is moved out of it. Every path is under a temporary directory: nothing touches the real home directory.
 */
class EmbeddedDefaultTest {

    @TempDir
    Path tmp;

    @Test
    void chatsSurviveCleaningTheBuildDirectory() throws Exception {
        Path dataDir = tmp.resolve("home/.parley");
        Path buildDir = tmp.resolve("checkout/target");
        Files.createDirectories(buildDir);

        EmbeddedDefault.prepare(dataDir, buildDir);
        try (EmbeddedPostgres pg = start(dataDir)) {
            sql(pg, "CREATE TABLE chats (id text PRIMARY KEY)", "INSERT INTO chats VALUES ('chat-1')");
        }
        OldLocations.deleteTree(buildDir); // what mvn clean does

        EmbeddedDefault.prepare(dataDir, buildDir);
        try (EmbeddedPostgres pg = start(dataDir);
             Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM chats")) {
            assertTrue(rs.next());
            assertEquals("chat-1", rs.getString(1));
        }
    }

    @Test
    void movesTheDatabaseAndTheKeyFromTheBuildDirectoryOnce() throws IOException {
        Path dataDir = tmp.resolve("home/.parley");
        Path buildDir = tmp.resolve("checkout/target");
        Path oldDb = Files.createDirectories(buildDir.resolve("parley-data/postgres"));
        Files.writeString(oldDb.resolve("PG_VERSION"), "16\n");
        Path oldKey = buildDir.resolve("liberty/wlp/usr/servers/parley/parley-data/key-encryption.key");
        Files.createDirectories(oldKey.getParent());
        Files.writeString(oldKey, "a-key");

        Optional<String> line = OldLocations.moveInto(dataDir, buildDir);

        assertTrue(line.orElseThrow().contains("moved the embedded default's data (postgres, key-encryption.key)"),
                line.get());
        assertEquals("16\n", Files.readString(dataDir.resolve("postgres/PG_VERSION")));
        assertEquals("a-key", Files.readString(dataDir.resolve("key-encryption.key")));
        assertFalse(Files.exists(oldDb), "moved, not copied");
        assertFalse(Files.exists(oldKey), "moved, not copied");
        assertEquals(Optional.empty(), OldLocations.moveInto(dataDir, buildDir), "nothing left to move");
        EmbeddedDefault.prepare(dataDir, buildDir);
        assertEquals("16\n", Files.readString(dataDir.resolve("postgres/PG_VERSION")), "a later start moves nothing");
    }

    @Test
    void neverOverwritesDataAlreadyInTheDataDirectory() throws IOException {
        Path dataDir = Files.createDirectories(tmp.resolve("home/.parley"));
        Files.writeString(dataDir.resolve("key-encryption.key"), "current");
        Path buildDir = tmp.resolve("checkout/target");
        Path oldKey = buildDir.resolve("liberty/wlp/usr/servers/parley/parley-data/key-encryption.key");
        Files.createDirectories(oldKey.getParent());
        Files.writeString(oldKey, "old");

        String line = OldLocations.moveInto(dataDir, buildDir).orElseThrow();

        assertTrue(line.contains("left key-encryption.key in"), line);
        assertEquals("current", Files.readString(dataDir.resolve("key-encryption.key")));
        assertEquals("old", Files.readString(oldKey));
    }

    @Test
    void theReadyLineSaysWhereTheSecretsAre() throws IOException {
        Path dataDir = Files.createDirectories(tmp.resolve("home/.parley"));
        Path secrets = Files.writeString(dataDir.resolve("first-start-secrets.txt"), "Secret key …");
        String first = EmbeddedDefault.readyLine(12.34, 9080, true, secrets, dataDir, Map.of());
        assertEquals("[parley] ready after 12.3 s: chat http://localhost:9080/ · console http://localhost:9080/console/"
                + " · secret key and admin password in " + secrets + " · data in " + dataDir, first);

        String chosen = EmbeddedDefault.readyLine(5, 21080, false, secrets, dataDir,
                Map.of("PARLEY_BOOTSTRAP_SECRET_KEY", "tr_dev_x"));
        assertFalse(chosen.contains("chat http"), "no chat page link when the page is off: " + chosen);
        assertTrue(chosen.contains("secret key from PARLEY_BOOTSTRAP_SECRET_KEY, admin password in " + secrets), chosen);
    }

    @Test
    void dataFromBeforeTheSecretsFileSaysTheSecretsWereShownOnce() {
        String line = EmbeddedDefault.readyLine(5, 9080, true, tmp.resolve("first-start-secrets.txt"), tmp,
                Map.of("PARLEY_CONSOLE_ADMIN_PASSWORD", "chosen"));
        assertTrue(line.contains("secret key shown at the first start, admin password from"
                + " PARLEY_CONSOLE_ADMIN_PASSWORD"), line);
    }

    private static EmbeddedPostgres start(Path dataDir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres")).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static void sql(EmbeddedPostgres pg, String... statements) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
