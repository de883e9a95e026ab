package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Health: liveness, startup and readiness each answer with Parley's own check, and /health has all three.
 * Only liveness is asserted as a whole: this test server also declares the "parley" application of server.xml without
 * its file, which MicroProfile Health 4.0 counts as not started, so the overall startup and readiness status is DOWN
 * here whatever Parley answers. The runnable jar's test (runnable/) asserts 200 for those on a complete server.
 */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void livenessRunsWorkOnTheIoExecutor() {
        assertEquals(200, send("GET", "/health/live", null).statusCode());
        JsonObject check = check("/health/live", "parley-live");
        assertTrue(check.getJsonObject("data").getJsonNumber("executorMs").longValue() < 5000, check.toString());
    }

    @Test
    void startupReportsTheSchemaVersionOfTheNewestMigration() throws IOException {
        JsonObject check = check("/health/started", "parley-started");
        assertEquals(newestMigration(), check.getJsonObject("data").getString("schemaVersion"), check.toString());
    }

    @Test
    void readinessStillCoversDatabaseAndMessaging() {
        JsonObject check = check("/health/ready", "parley");
        assertEquals("UP", check.getJsonObject("data").getString("database"));
        assertEquals("UP", check.getJsonObject("data").getString("messaging"));
    }

    @Test
    void theOverallHealthHasEveryKind() {
        HttpResponse<String> all = send("GET", "/health", null);
        List<String> names = json(all.body()).getJsonArray("checks").stream()
                .map(c -> c.asJsonObject().getString("name")).toList();
        assertTrue(names.containsAll(List.of("parley", "parley-live", "parley-started")), names.toString());
    }

    /** Parley's check of that kind, which must be UP. */
    private static JsonObject check(String path, String name) {
        HttpResponse<String> r = send("GET", path, null);
        JsonObject check = json(r.body()).getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + r.body()));
        assertEquals("UP", check.getString("status"), r.body());
        return check;
    }

    /** "5" for V5__….sql: the version Flyway reports once every migration in db/migration has run. */
    private static String newestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir"), "..", "db", "migration"))) {
            return String.valueOf(files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        }
    }
}
