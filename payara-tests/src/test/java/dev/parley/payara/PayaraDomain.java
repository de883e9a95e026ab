package dev.parley.payara;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Server domain of its own under target/, driven through {@code asadmin} exactly as docs/payara.md tells an
 * operator: create the domain, put the PostgreSQL driver in its lib folder, start it with Parley's post-boot command
 * file and the environment variables, deploy parley.war. Every port is the domain's port base plus Payara's offset.
 */
final class PayaraDomain {

    static final String NAME = "parley-smoke";

    private final Path home = Path.of(System.getProperty("payara.home"));
    private final Path files = Path.of(System.getProperty("payara.files"));
    private final Path commands = Path.of(System.getProperty("payara.commands"));
    private final Path work;
    private final int portBase;

    PayaraDomain(Path work, int portBase) {
        this.work = work;
        this.portBase = portBase;
    }

    int httpPort() {
        return portBase + 80;
    }

    private int adminPort() {
        return portBase + 48;
    }

    private Path domains() {
        return work.resolve("domains");
    }

    Path serverLog() {
        return domains().resolve(NAME).resolve("logs/server.log");
    }

    void create() throws IOException, InterruptedException {
        deleteRecursively(domains());
        asadmin(Map.of(), "create-domain", "--nopassword", "--portbase", Integer.toString(portBase),
                "--domaindir", domains().toString(), NAME);
        Files.copy(files.resolve("postgresql.jar"), domains().resolve(NAME).resolve("lib/postgresql.jar"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    void start(Map<String, String> environment) throws IOException, InterruptedException {
        asadmin(environment, "start-domain", "--domaindir", domains().toString(),
                "--postbootcommandfile", commands.toString(), NAME);
    }

    /** Deployed apart from the post-boot commands: a deploy inside them waits forever on the message bean's configuration. */
    void deploy() throws IOException, InterruptedException {
        asadmin(Map.of(), "--port", Integer.toString(adminPort()), "deploy", "--contextroot", "/", "--name", "parley",
                files.resolve("parley.war").toString());
    }

    void stop() throws IOException, InterruptedException {
        try {
            asadmin(Map.of(), "stop-domain", "--domaindir", domains().toString(), NAME);
        } catch (IllegalStateException notStopped) {
            asadmin(Map.of(), "stop-domain", "--kill", "--domaindir", domains().toString(), NAME);
        }
    }

    private void asadmin(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(work);
        Path log = work.resolve("asadmin.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        // the JDK running the tests runs Payara too (Parley needs 21 or newer)
        pb.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("asadmin " + args[0] + " did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n"
                    + Files.readString(log));
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
