package dev.parley.skills.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Description;
import dev.parley.agent.Skill;
import dev.parley.agent.Tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The model's view of a set of skills: one line each in the system prompt, and the tools {@code loadSkill},
 * {@code readFile} and (only when some skill may run something) {@code runCommand}, each naming the skill it uses.
 */
public final class SkillTools {

    public record LoadSkill(@Description("The skill's name, as listed under Skills") String name) {
    }

    public record ReadFile(@Description("The skill's name") String skill,
                           @Description("A path relative to the skill's folder, e.g. reference/forms.md") String path) {
    }

    public record RunCommand(@Description("The skill's name") String skill,
                             @Description("An allowed executable, relative to the skill's folder") String command,
                             @Description("Arguments, passed as they are (no shell)") List<String> args) {
    }

    public record FileContent(String skill, String path, long size, boolean truncated, String content) {
    }

    public record CommandOutput(String skill, String command, int exitCode, boolean truncated, String output) {
    }

    private final Map<String, Skill> byName = new LinkedHashMap<>();
    private final Map<String, SkillPolicy> policies = new LinkedHashMap<>();

    public SkillTools(List<Skill> skills, Function<Skill, SkillPolicy> policy) {
        for (Skill s : skills) {
            if (byName.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("two skills named " + s.name());
            }
            policies.put(s.name(), policy.apply(s));
        }
    }

    /** The base system prompt followed by the skills' one-line summaries. */
    public String system(String base) {
        StringBuilder b = new StringBuilder(base == null || base.isBlank() ? "" : base.strip() + "\n\n");
        b.append("## Skills\nThese skills hold instructions for particular tasks. Before doing such a task, call ")
                .append("loadSkill with the skill's name and follow what it returns; readFile reads the other files ")
                .append("it mentions.\n");
        byName.values().forEach(s -> b.append("- ").append(s.name()).append(": ").append(s.description()).append('\n'));
        return b.toString().strip();
    }

    public List<Tool> tools() {
        List<Tool> tools = new ArrayList<>();
        tools.add(Tool.of("loadSkill", "Returns the full instructions of a skill", LoadSkill.class,
                (in, ctx) -> skill(in.name()).instructions()));
        tools.add(Tool.of("readFile", "Reads a file (or lists a folder) inside a skill's folder", ReadFile.class,
                (in, ctx) -> read(in.skill(), in.path())));
        if (policies.values().stream().anyMatch(p -> !p.commands().isEmpty())) {
            tools.add(Tool.of("runCommand", "Runs one of a skill's allowed executables in the skill's folder",
                    RunCommand.class, (in, ctx) -> run(in, ctx.abort())));
        }
        return tools;
    }

    private Skill skill(String name) {
        Skill s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("there is no skill named " + name + "; skills: "
                    + String.join(", ", byName.keySet()));
        }
        return s;
    }

    FileContent read(String skillName, String path) throws IOException {
        Skill s = skill(skillName);
        Path real = SkillPaths.resolve(s, path);
        String relative = SkillPaths.relative(s, real);
        if (SkillPaths.isDirectory(real)) {
            try (Stream<Path> entries = Files.list(real)) {
                String listing = String.join("\n", entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                        .sorted().toList());
                return new FileContent(s.name(), relative.isEmpty() ? "." : relative, 0, false, listing);
            }
        }
        int cap = policies.get(s.name()).maxOutputBytes();
        long size = Files.size(real);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real)) {
            bytes = in.readNBytes(cap);
        }
        return new FileContent(s.name(), relative, size, size > bytes.length,
                new String(bytes, StandardCharsets.UTF_8));
    }

    CommandOutput run(RunCommand in, AbortSignal abort) throws IOException, InterruptedException {
        Skill s = skill(in.skill());
        SkillCommands.Result result = SkillCommands.run(s, policies.get(s.name()), in.command(),
                in.args() == null ? List.of() : in.args(), abort);
        return new CommandOutput(s.name(), in.command(), result.exitCode(), result.truncated(), result.output());
    }

    /** The policy lookup for agent {@code agentId} in the deployment's MicroProfile Config (nothing runs without). */
    public static Function<Skill, SkillPolicy> configuredFor(String agentId) {
        Function<String, Optional<String>> config = configLookup();
        return skill -> SkillPolicy.configured(agentId, skill, config);
    }

    private static Function<String, Optional<String>> configLookup() {
        try {
            org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            return key -> config.getOptionalValue(key, String.class);
        } catch (RuntimeException | LinkageError e) {
            return key -> Optional.empty();     // outside the container (a unit test, a program): nothing runs
        }
    }
}
