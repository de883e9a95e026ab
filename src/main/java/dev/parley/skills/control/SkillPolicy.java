package dev.parley.skills.control;

import dev.parley.agent.Skill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one skill may do in one deployment: the executables it may run (paths relative to its folder; none unless
 * configured), how long a command may take, and how much output a tool returns.
 */
public record SkillPolicy(List<String> commands, Duration timeout, int maxOutputBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024;
    public static final SkillPolicy NOTHING_RUNS = new SkillPolicy(List.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES);

    public SkillPolicy {
        commands = List.copyOf(commands);
        if (timeout.isNegative() || timeout.isZero() || maxOutputBytes < 1) {
            throw new IllegalArgumentException("a skill's command timeout and output cap must be positive");
        }
    }

    /**
     * The policy of {@code skill} for agent {@code agentId} from configuration: {@code
     * parley.agents.<id>.skills.<skill>.commands} (comma-separated), {@code .command-timeout-seconds},
     * {@code .max-output-bytes}.
     */
    public static SkillPolicy configured(String agentId, Skill skill, Function<String, Optional<String>> config) {
        if (agentId == null) {
            return NOTHING_RUNS;
        }
        String prefix = "parley.agents." + agentId + ".skills." + skill.name() + ".";
        List<String> commands = config.apply(prefix + "commands").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        Duration timeout = config.apply(prefix + "command-timeout-seconds").map(Long::parseLong)
                .map(Duration::ofSeconds).orElse(DEFAULT_TIMEOUT);
        int cap = config.apply(prefix + "max-output-bytes").map(Integer::parseInt).orElse(DEFAULT_MAX_OUTPUT_BYTES);
        return new SkillPolicy(commands, timeout, cap);
    }

    /** True when {@code executable} (a real path in the skill's folder) is one of the allowed commands. */
    boolean allows(Skill skill, Path executable) {
        for (String allowed : commands) {
            try {
                if (SkillPaths.resolve(skill, allowed).equals(executable)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // an allow-list entry that names nothing (or leaves the folder) allows nothing
            }
        }
        return false;
    }
}
