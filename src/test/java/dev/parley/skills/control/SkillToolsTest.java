package dev.parley.skills.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Skill;
import dev.parley.agent.Tool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The skill tools' confinement and limits: what a model asking for too much gets back. */
class SkillToolsTest {

    @TempDir
    Path root;
    private Skill skill;

    @BeforeEach
    void skillFolder() throws IOException {
        Path folder = Files.createDirectories(root.resolve("reports"));
        Files.writeString(folder.resolve("SKILL.md"), """
                ---
                name: reports
                description: "Writes quarterly reports"
                ---
                # Reports
                Read reference/style.md first.
                """);
        Files.createDirectories(folder.resolve("reference"));
        Files.writeString(folder.resolve("reference/style.md"), "Short sentences.");
        Files.writeString(root.resolve("secret.txt"), "outside");
        Files.createDirectories(folder.resolve("bin"));
        script(folder.resolve("bin/echo-args"), "#!/bin/sh\nprintf '%s|' \"$@\"\npwd\necho \"key=$PARLEY_TEST_SECRET\"\n");
        script(folder.resolve("bin/sleep"), "#!/bin/sh\nsleep 30\n");
        script(folder.resolve("bin/chatty"), "#!/bin/sh\nhead -c 200000 /dev/zero | tr '\\\\0' 'x'\n");
        skill = Skill.directory(folder);
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private SkillTools tools(String commands, String timeout, String cap) {
        Map<String, String> config = new java.util.HashMap<>();
        String prefix = "parley.agents.it.skills.reports.";
        if (commands != null) {
            config.put(prefix + "commands", commands);
        }
        if (timeout != null) {
            config.put(prefix + "command-timeout-seconds", timeout);
        }
        if (cap != null) {
            config.put(prefix + "max-output-bytes", cap);
        }
        return new SkillTools(List.of(skill), s -> SkillPolicy.configured("it", s, k -> Optional.ofNullable(config.get(k))));
    }

    @Test
    void frontMatterAndInstructionsAreRead() {
        assertEquals("reports", skill.name());
        assertEquals("Writes quarterly reports", skill.description());
        assertEquals("# Reports\nRead reference/style.md first.", skill.instructions());
    }

    @Test
    void aSkillInsideAJarIsCopiedOutAndItsCommandsCanRun() throws Exception {
        Path jar = root.resolve("skills.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("skills/packed/SKILL.md"));
            out.write("---\nname: packed\ndescription: From a jar\n---\nPacked instructions.".getBytes());
            out.putNextEntry(new java.util.jar.JarEntry("skills/packed/run"));
            out.write("#!/bin/sh\necho packed\n".getBytes());
            out.putNextEntry(new java.util.jar.JarEntry("skills/other/SKILL.md"));
            out.write("---\nname: other\ndescription: x\n---\n".getBytes());
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (var loader = new java.net.URLClassLoader(new java.net.URL[]{jar.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            Skill packed = Skill.classpath("skills/packed");
            assertEquals("Packed instructions.", packed.instructions());
            assertFalse(Files.exists(packed.folder().resolve("../other")), "only the skill's own folder is copied");
            SkillTools tools = new SkillTools(List.of(packed), s -> SkillPolicy.configured("it", s,
                    k -> k.equals("parley.agents.it.skills.packed.commands") ? Optional.of("run") : Optional.empty()));
            assertEquals("packed\n", tools.run(new SkillTools.RunCommand("packed", "run", List.of()),
                    new AbortSignal()).output());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void aSkillWithoutNameOrFrontMatterIsRefusedWhenLoaded() throws IOException {
        Path bad = Files.createDirectories(root.resolve("bad"));
        Files.writeString(bad.resolve("SKILL.md"), "no front matter");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Skill.directory(bad)).getMessage()
                .contains("front matter"));
        Files.writeString(bad.resolve("SKILL.md"), "---\nname: Bad Name\ndescription: x\n---\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Skill.directory(bad)).getMessage()
                .contains("lowercase"));
    }

    @Test
    void filesInsideTheFolderAreRead() throws Exception {
        SkillTools.FileContent file = tools(null, null, null).read("reports", "reference/style.md");
        assertEquals("Short sentences.", file.content());
        assertFalse(file.truncated());
        assertTrue(tools(null, null, null).read("reports", ".").content().contains("reference/"));
    }

    @Test
    void traversalAbsolutePathsAndSymlinksOutOfTheFolderAreRefused() throws IOException {
        SkillTools tools = tools(null, null, null);
        assertTrue(assertThrows(SecurityException.class, () -> tools.read("reports", "../secret.txt")).getMessage()
                .contains("'..'"));
        assertTrue(assertThrows(SecurityException.class, () -> tools.read("reports", "reference/../../secret.txt"))
                .getMessage().contains("'..'"));
        assertTrue(assertThrows(SecurityException.class,
                () -> tools.read("reports", root.resolve("secret.txt").toString())).getMessage().contains("absolute"));
        Files.createSymbolicLink(skill.folder().resolve("link.txt"), root.resolve("secret.txt"));
        Files.createSymbolicLink(skill.folder().resolve("up"), root);
        assertTrue(assertThrows(SecurityException.class, () -> tools.read("reports", "link.txt")).getMessage()
                .contains("leads out"));
        assertTrue(assertThrows(SecurityException.class, () -> tools.read("reports", "up/secret.txt")).getMessage()
                .contains("leads out"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tools.read("reports", "missing.md")).getMessage()
                .contains("has no file missing.md"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tools.read("other", "SKILL.md")).getMessage()
                .contains("no skill named other"));
    }

    @Test
    void bigFilesAreCappedAndSayso() throws Exception {
        Files.writeString(skill.folder().resolve("big.txt"), "y".repeat(5000));
        SkillTools.FileContent file = tools(null, null, "1000").read("reports", "big.txt");
        assertEquals(1000, file.content().length());
        assertEquals(5000, file.size());
        assertTrue(file.truncated());
    }

    @Test
    void commandsAreOffByDefault() {
        SkillTools tools = tools(null, null, null);
        assertEquals(List.of("loadSkill", "readFile"), tools.tools().stream().map(Tool::name).toList());
        assertTrue(assertThrows(SecurityException.class, () -> tools.run(
                new SkillTools.RunCommand("reports", "bin/echo-args", List.of()), new AbortSignal())).getMessage()
                .contains("commands are off"));
    }

    @Test
    void anAllowedCommandRunsInTheFolderWithoutShellOrServerEnvironment() throws Exception {
        SkillTools tools = tools("bin/echo-args", null, null);
        assertTrue(tools.tools().stream().anyMatch(t -> t.name().equals("runCommand")));
        SkillTools.CommandOutput out = tools.run(new SkillTools.RunCommand("reports", "bin/echo-args",
                List.of("a b", "$(id)", ";rm -rf x")), new AbortSignal());
        assertEquals(0, out.exitCode());
        assertTrue(out.output().startsWith("a b|$(id)|;rm -rf x|" + skill.folder()), out.output());
        assertTrue(out.output().contains("key=\n"), "the server's environment is not passed on: " + out.output());
    }

    @Test
    void commandsNotOnTheAllowListOrOutsideTheFolderAreRefused() {
        SkillTools tools = tools("bin/echo-args, ../../bin/sh", null, null);
        assertTrue(assertThrows(SecurityException.class, () -> tools.run(
                new SkillTools.RunCommand("reports", "bin/sleep", List.of()), new AbortSignal())).getMessage()
                .contains("not an allowed command"));
        assertThrows(SecurityException.class, () -> tools.run(
                new SkillTools.RunCommand("reports", "/bin/sh", List.of("-c", "id")), new AbortSignal()));
        assertThrows(SecurityException.class, () -> tools.run(
                new SkillTools.RunCommand("reports", "../../bin/sh", List.of()), new AbortSignal()));
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() {
        SkillTools tools = tools("bin/sleep", "1", null);
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tools.run(
                new SkillTools.RunCommand("reports", "bin/sleep", List.of()), new AbortSignal()));
        assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "killed, not waited for");
    }

    @Test
    void stoppingTheTurnKillsTheCommand() throws Exception {
        SkillTools tools = tools("bin/sleep", "120", null);
        AbortSignal stop = new AbortSignal();
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            try {
                tools.run(new SkillTools.RunCommand("reports", "bin/sleep", List.of()), stop);
                return "finished";
            } catch (Exception e) {
                return e.getMessage();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("").contains(skill.folder() + "/bin/sleep"))) {
            assertTrue(System.nanoTime() < deadline, "the command started");
            Thread.sleep(20);
        }
        stop.abort("stop");
        assertTrue(run.get(20, TimeUnit.SECONDS).contains("stopped with the turn"));
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("")
                .contains(skill.folder() + "/bin/sleep")), "no process is left behind");
    }

    @Test
    void commandOutputIsCapped() throws Exception {
        SkillTools.CommandOutput out = tools("bin/chatty", null, "4096").run(
                new SkillTools.RunCommand("reports", "bin/chatty", List.of()), new AbortSignal());
        assertEquals(4096, out.output().length());
        assertTrue(out.truncated());
        assertEquals(0, out.exitCode());
    }
}
