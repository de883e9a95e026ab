package dev.parley.agent;

import dev.parley.skills.control.SkillFolders;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An Agent Skill: a folder whose {@code SKILL.md} starts with front matter ({@code name}, {@code description}) and
 * continues with instructions. Given to {@link StreamRequest.Builder#skills(Skill...)}, the model sees only its
 * one-line summary until it calls {@code loadSkill}; {@code readFile} reads the folder's other files, and
 * {@code runCommand} runs the executables a deployment allows (none by default). See docs/agents.md, "Skills".
 */
public final class Skill {

    private final String name;
    private final String description;
    private final String instructions;
    private final Path folder;

    private Skill(SkillFolders.Parsed parsed) {
        this.name = parsed.name();
        this.description = parsed.description();
        this.instructions = parsed.instructions();
        this.folder = parsed.folder();
    }

    /**
     * The skill in a folder of the agent's classpath, e.g. {@code "skills/pdf"} for {@code skills/pdf/SKILL.md} in
     * the application; a folder inside a jar is copied to a private temporary folder first.
     */
    public static Skill classpath(String folder) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null || loader.getResource(folder.replaceAll("^/+|/+$", "") + "/SKILL.md") == null) {
            loader = Skill.class.getClassLoader();      // no application context on this thread (e.g. a static init)
        }
        return new Skill(SkillFolders.fromClasspath(loader, Objects.requireNonNull(folder, "folder")));
    }

    /** The skill in a folder of the file system (e.g. one configured for the deployment). */
    public static Skill directory(Path folder) {
        return new Skill(SkillFolders.load(Objects.requireNonNull(folder, "folder")));
    }

    public String name() {
        return name;
    }

    /** The one line the model sees before it loads the skill. */
    public String description() {
        return description;
    }

    /** {@code SKILL.md} after its front matter: what {@code loadSkill} returns. */
    public String instructions() {
        return instructions;
    }

    /** The skill's folder (real path); every file tool is confined to it. */
    public Path folder() {
        return folder;
    }

    @Override
    public String toString() {
        return "Skill[" + name + " at " + folder + "]";
    }
}
