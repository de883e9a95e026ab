package dev.parley.skills.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/** Finds a skill's folder and reads its {@code SKILL.md}: front matter ({@code name}, {@code description}), body. */
public final class SkillFolders {

    /** What the Agent Skills format allows, and what fits in a configuration key. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME = 64;
    private static final int MAX_DESCRIPTION = 1024;

    public record Parsed(String name, String description, String instructions, Path folder) {
    }

    private SkillFolders() {
    }

    public static Parsed load(Path folder) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("no skill folder " + folder, e);
        }
        Path file = real.resolve("SKILL.md");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the skill folder " + folder + " has no SKILL.md");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), real);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Parsed fromClasspath(ClassLoader loader, String folder) {
        String prefix = folder.replaceAll("^/+|/+$", "");
        URL url = loader.getResource(prefix + "/SKILL.md");
        if (url == null) {
            throw new IllegalArgumentException("no " + prefix + "/SKILL.md on the classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return load(Path.of(url.toURI()).getParent());
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                return load(extract(jar, prefix));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalArgumentException("cannot open the skill folder " + url, e);
        }
        throw new IllegalArgumentException("cannot open the skill folder " + url + ": neither a file nor a jar");
    }

    /**
     * Copies the skill's entries out of its jar: the file tools and commands need a real folder to confine paths to
     * and run in. Jar entries carry no permissions; the copy is private to the server's user and only allow-listed
     * files are ever started, so every extracted file is made executable for that user.
     */
    private static Path extract(JarURLConnection connection, String prefix) throws IOException {
        Path target = Files.createTempDirectory("parley-skill-").resolve(prefix.substring(prefix.lastIndexOf('/') + 1));
        Files.createDirectories(target);
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(prefix + "/")) {
                    continue;
                }
                Path out = target.resolve(name.substring(prefix.length() + 1)).normalize();
                if (!out.startsWith(target)) {
                    continue;      // an entry named with "..": never written outside the copy
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                out.toFile().setExecutable(true, true);
            }
        }
        return target;
    }

    static Parsed parse(String text, Path folder) {
        String normalized = text.replace("\r\n", "\n");
        if (normalized.startsWith("\uFEFF")) {
            normalized = normalized.substring(1);
        }
        if (!normalized.startsWith("---\n")) {
            throw new IllegalArgumentException(folder + "/SKILL.md does not start with front matter (---)");
        }
        int end = normalized.indexOf("\n---", 3);
        if (end < 0) {
            throw new IllegalArgumentException(folder + "/SKILL.md: its front matter has no closing ---");
        }
        Map<String, String> fields = fields(normalized.substring(4, end));
        int bodyStart = normalized.indexOf('\n', end + 4);
        String body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1).strip();
        String name = fields.getOrDefault("name", "");
        String description = fields.getOrDefault("description", "");
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(folder + "/SKILL.md: name must be 1-" + MAX_NAME
                    + " lowercase letters, digits and single hyphens: '" + name + "'");
        }
        if (description.isBlank() || description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException(folder + "/SKILL.md: description must be 1-" + MAX_DESCRIPTION
                    + " characters");
        }
        return new Parsed(name, description, body, folder);
    }

    /** {@code key: value} lines; indented lines continue the previous value (folded into one line). */
    private static Map<String, String> fields(String frontMatter) {
        Map<String, String> fields = new LinkedHashMap<>();
        String key = null;
        for (String line : frontMatter.split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (!Character.isWhitespace(line.charAt(0)) && colon > 0) {
                key = line.substring(0, colon).strip();
                fields.put(key, unquote(line.substring(colon + 1).strip()));
            } else if (key != null) {
                fields.merge(key, line.strip(), (a, b) -> a.isEmpty() || a.equals(">") || a.equals("|") ? b : a + " " + b);
            }
        }
        fields.replaceAll((k, v) -> v.equals(">") || v.equals("|") ? "" : v);
        return fields;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
