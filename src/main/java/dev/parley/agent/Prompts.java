package dev.parley.agent;


import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompt templates an application defines in code, by name and version. An agent picks one per turn (the
 * latest, or a pinned version while a new one is being tried), so prompt changes are reviewed, versioned code.
 */
public final class Prompts {

    private final Map<String, TreeMap<Integer, Prompt>> byName = new ConcurrentHashMap<>();

    public static Prompts of(Prompt... prompts) {
        Prompts p = new Prompts();
        for (Prompt prompt : prompts) {
            p.register(prompt);
        }
        return p;
    }

    /** Adds a prompt; a name and version pair can be registered once. */
    public Prompts register(Prompt prompt) {
        byName.compute(prompt.name(), (name, versions) -> {
            TreeMap<Integer, Prompt> v = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
            if (v.putIfAbsent(prompt.version(), prompt) != null) {
                throw new IllegalArgumentException("prompt " + name + " v" + prompt.version() + " exists already");
            }
            return v;
        });
        return this;
    }

    /** The latest version. */
    public Prompt get(String name) {
        TreeMap<Integer, Prompt> v = byName.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no prompt named " + name);
        }
        return v.lastEntry().getValue();
    }

    public Prompt get(String name, int version) {
        return find(name, version).orElseThrow(() ->
                new IllegalArgumentException("no prompt " + name + " v" + version));
    }

    /** Every prompt by name, each with its versions in ascending order (a copy). */
    public Map<String, TreeMap<Integer, Prompt>> all() {
        Map<String, TreeMap<Integer, Prompt>> out = new TreeMap<>();
        byName.forEach((name, versions) -> out.put(name, new TreeMap<>(versions)));
        return out;
    }

    public Optional<Prompt> find(String name, int version) {
        return Optional.ofNullable(byName.get(name)).map(v -> v.get(version));
    }
}
