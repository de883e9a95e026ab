package dev.parley.skills.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Skill;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one allowed executable of a skill: no shell (the arguments reach the program as they are), the skill's folder
 * as working directory, an environment without the server's variables (they hold database passwords and API keys),
 * stdout and stderr merged and capped, a timeout, and the turn's stop killing the process and its children.
 */
final class SkillCommands {

    /** What a command's environment keeps, so ordinary programs and interpreters still start. */
    private static final List<String> KEPT_ENV = List.of("PATH", "LANG", "LC_ALL", "TZ");

    record Result(int exitCode, String output, boolean truncated) {
    }

    private SkillCommands() {
    }

    static Result run(Skill skill, SkillPolicy policy, String command, List<String> args, AbortSignal abort)
            throws IOException, InterruptedException {
        if (policy.commands().isEmpty()) {
            throw new SecurityException("commands are off for skill " + skill.name() + " (no allow-list configured)");
        }
        Path executable = SkillPaths.resolve(skill, command);
        String relative = SkillPaths.relative(skill, executable);
        if (!policy.allows(skill, executable)) {
            throw new SecurityException("refused: " + command + " is not an allowed command of skill " + skill.name()
                    + "; allowed: " + String.join(", ", policy.commands()));
        }
        if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
            throw new IllegalStateException(relative + " is not executable");
        }
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(skill.folder().toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(KEPT_ENV);
        env.put("HOME", skill.folder().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        Capture capture = new Capture(process.getInputStream(), policy.maxOutputBytes());
        Thread reader = Thread.ofVirtual().name("skill-" + skill.name() + "-output").start(capture);
        try (AbortSignal.Registration ignored = abort.onAbort(() -> kill(process))) {
            boolean finished = process.waitFor(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            reader.join(Duration.ofSeconds(5));
            if (abort.aborted()) {
                throw new IllegalStateException(relative + " was stopped with the turn");
            }
            if (!finished) {
                throw new IllegalStateException(relative + " timed out after " + policy.timeout().toSeconds()
                        + " s and was killed; output so far: " + capture.text());
            }
            return new Result(process.exitValue(), capture.text(), capture.truncated());
        } finally {
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Keeps the first bytes and reads (and drops) the rest, so a chatty process never blocks on a full pipe. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                        int room = cap - kept.size();
                        kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
                        truncated |= n > room;
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: what was read so far is the output
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        boolean truncated() {
            return truncated;
        }
    }
}
