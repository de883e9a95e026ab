package dev.parley.agent;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A code-defined, versioned prompt template. {@code {{name}}} is replaced by the variable's value; a variable the
 * template uses but the caller did not supply is an error, so a typo never reaches a model as literal braces.
 * {@code model} optionally names the configured model ({@code parley.models.<name>.*}) the prompt is meant for;
 * null leaves the choice to the agent.
 */
public record Prompt(String name, int version, String template, String model) {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        if (version < 1) {
            throw new IllegalArgumentException("prompt versions start at 1");
        }
    }

    public Prompt(String name, int version, String template) {
        this(name, version, template, null);
    }

    /** This prompt with another text and model (an override from the console); name and version stay. */
    public Prompt with(String newTemplate, String newModel) {
        return new Prompt(name, version, newTemplate, newModel);
    }

    /** The variable names in order of first use. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public String render(Map<String, ?> values) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder sb = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String key = m.group(1);
            if (!values.containsKey(key) || values.get(key) == null) {
                throw new IllegalArgumentException("prompt " + name + " v" + version + " needs variable " + key);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(values.get(key))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
