package dev.parley.agent;

import dev.parley.agent.model.DemoModel;
import dev.parley.models.control.ModelConfigs;
import dev.parley.models.control.Providers;
import dev.parley.models.control.StreamOpener;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configured models by name. Networked providers are handed out behind a {@link StreamOpener} per configured
 * model: in the container, MicroProfile Fault Tolerance with a circuit breaker of its own per model; built outside
 * a container ({@link #of(List)}, {@link #create}), one attempt per call, without retries or a breaker; the demo
 * model needs none. {@code default} is what an agent gets unless it asks for another name.
 */
public final class Models {

    public static final String DEFAULT = "default";

    private final Map<String, LanguageModel> byName;

    private Models(Map<String, LanguageModel> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** From {@code parley.models.*} keys (see {@link ModelConfigs}), each provider called directly. */
    public static Models fromConfig(Function<String, Optional<String>> lookup) {
        return of(ModelConfigs.read(lookup));
    }

    public static Models of(List<ModelConfig> configs) {
        return of(configs, c -> StreamOpener.direct());
    }

    /** Each networked provider behind the opener {@code guards} gives for its configuration. */
    public static Models of(List<ModelConfig> configs, Function<ModelConfig, StreamOpener> guards) {
        Map<String, LanguageModel> map = new LinkedHashMap<>();
        for (ModelConfig c : configs) {
            StreamOpener guard = c.kind() == ProviderKind.DEMO ? null : guards.apply(c);
            map.put(c.name(), Providers.create(c, Providers.httpClient(c), guard));
        }
        return new Models(map);
    }

    public static Models of(LanguageModel... models) {
        Map<String, LanguageModel> map = new LinkedHashMap<>();
        for (LanguageModel m : models) {
            map.put(m.name(), m);
        }
        return new Models(map);
    }

    /** Just the demo model, as {@code default}. */
    public static Models demo() {
        return of(new DemoModel(DEFAULT, Duration.ZERO));
    }

    public static LanguageModel create(ModelConfig config) {
        return Providers.create(config, Providers.httpClient(config), StreamOpener.direct());
    }

    public LanguageModel get(String name) {
        LanguageModel m = byName.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no model named " + name + "; configured: " + byName.keySet());
        }
        return m;
    }

    /** {@code default} when configured, else the first configured model. */
    public LanguageModel defaultModel() {
        LanguageModel m = byName.get(DEFAULT);
        return m != null ? m : byName.values().iterator().next();
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
