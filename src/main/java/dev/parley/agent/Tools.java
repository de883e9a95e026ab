package dev.parley.agent;

import dev.parley.agent.model.ToolSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools offered to the model in one turn, by unique name, in the order given. */
public final class Tools {

    public static final Tools NONE = new Tools(Map.of());

    private final Map<String, Tool> byName;

    private Tools(Map<String, Tool> byName) {
        this.byName = byName;
    }

    public static Tools of(Tool... tools) {
        return of(List.of(tools));
    }

    public static Tools of(Collection<Tool> tools) {
        Map<String, Tool> map = new LinkedHashMap<>();
        for (Tool t : tools) {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two tools named " + t.name());
            }
        }
        return new Tools(map);
    }

    public Tools with(Tool... more) {
        List<Tool> all = new ArrayList<>(byName.values());
        all.addAll(List.of(more));
        return of(all);
    }

    public Optional<Tool> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ToolSpec> specs() {
        return byName.values().stream().map(Tool::spec).toList();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
