package com.example.supportdesk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples use Parley through its public API only: every reference to a {@code dev.parley} package in their
 * sources (imports, static imports, fully qualified names) must name one of the packages under the compatibility
 * promise of docs/agents.md. Anything else is the runtime, which changes in any release.
 */
class PublicApiOnlyTest {

    static final Set<String> PUBLIC = Set.of("dev.parley.agent", "dev.parley.agent.message", "dev.parley.agent.model",
            "dev.parley.test");

    /** {@code dev.parley} and the lower-case segments after it: the package, whatever class or member follows. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.parley(?:\\.[a-z_][a-z0-9_]*)*");

    /** This module's directory (Maven runs tests there) and the other examples next to it. */
    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent();

    @Test
    void theExamplesReferToNoParleyPackageOutsideThePublicApi() {
        List<Path> roots = List.of("team-war", "agents-jar", "support-desk-data").stream()
                .flatMap(module -> Stream.of("src/main/java", "src/test/java").map(d -> EXAMPLES.resolve(module).resolve(d)))
                .filter(Files::isDirectory).toList();
        List<Path> sources = roots.stream().flatMap(PublicApiOnlyTest::javaFiles).toList();
        assertTrue(sources.stream().anyMatch(p -> p.endsWith("SupportAgent.java"))
                        && sources.stream().anyMatch(p -> p.endsWith("ForecastAgent.java")),
                "the scan must see the examples' sources, it saw " + sources.size() + " files under " + EXAMPLES);

        List<String> violations = sources.stream().flatMap(f -> violations(f).stream()).toList();

        assertEquals(List.of(), violations, "only " + PUBLIC + " may be used");
    }

    @Test
    void aRuntimePackageIsReportedWithFileAndLineAndAPublicOneIsNot() {
        // "@" stands for Parley's root package, so this file's own scan does not see these lines
        List<String> found = violations(Stream.of(
                "import @.agent.Tool;",
                "import static @.test.ScriptedModel.Reply.text;",
                "import @.agent.message.UIMessageChunk.Data;",
                "import @.sessions.entity.RunStatus;",
                "import static @.platform.Ids.random;",
                "import @.agent.*;",
                "import @.*;",
                "    var status = @.runs.control.OfflineSession.class;",
                "// a comment may name @.runs freely").map(l -> l.replace("@", "dev" + ".parley")).toList(), "Sample.java");

        assertEquals(Stream.of("Sample.java:4: @.sessions.entity", "Sample.java:5: @.platform", "Sample.java:7: @",
                "Sample.java:8: @.runs.control").map(l -> l.replace("@", "dev" + ".parley")).toList(), found);
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(Path file) {
        try {
            return violations(Files.readAllLines(file), EXAMPLES.relativize(file).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(List<String> lines, String name) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                if (!PUBLIC.contains(m.group())) {
                    found.add(name + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        return found;
    }
}
