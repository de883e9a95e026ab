package dev.parley.skills.control;

import dev.parley.agent.Skill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns a path the model gave into a file inside a skill's folder, or refuses it. The model's input is untrusted
 * (a prompt injection can ask for anything), so the checks are on the resolved real path, not only the string.
 */
final class SkillPaths {

    private SkillPaths() {
    }

    /** The real path of {@code given} inside the skill's folder; a tool error the model reads otherwise. */
    static Path resolve(Skill skill, String given) throws IOException {
        if (given == null || given.isBlank()) {
            throw new IllegalArgumentException("give a path relative to the folder of skill " + skill.name());
        }
        String path = given.strip();
        if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || Path.of(path).isAbsolute()
                || path.matches("^[A-Za-z]:.*")) {
            throw new SecurityException("refused: " + given + " is absolute; paths are relative to the folder of skill "
                    + skill.name());
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new SecurityException("refused: " + given + " contains '..'; paths stay inside the folder of skill "
                        + skill.name());
            }
        }
        Path folder = skill.folder();
        Path candidate = folder.resolve(path).normalize();
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("skill " + skill.name() + " has no file " + given);
        }
        if (!real.startsWith(folder)) {
            // a symbolic link (the file or a folder on the way) that points out of the skill
            throw new SecurityException("refused: " + given + " leads out of the folder of skill " + skill.name());
        }
        return real;
    }

    static String relative(Skill skill, Path real) {
        return skill.folder().relativize(real).toString().replace('\\', '/');
    }

    static boolean isDirectory(Path real) {
        return Files.isDirectory(real);
    }
}
