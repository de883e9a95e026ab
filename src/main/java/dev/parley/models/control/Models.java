package dev.parley.models.control;

import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;

import java.net.http.HttpClient;
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
 * model (its own circuit breaker): MicroProfile Fault Tolerance in the container, a {@link FaultPolicy} elsewhere;
 * the demo model needs none. {@code default} is what an agent gets unless it asks for another name.
 */
public final class Models {

    public static final String DEFAULT = "default";

    private final Map<String, LanguageModel> byName;

    private Models(Map<String, LanguageModel> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** From {@code parley.models.*} keys (see {@link ModelConfigs}), each provider behind a {@link FaultPolicy}. */
    public static Models fromConfig(Function<String, Optional<String>> lookup) {
        return of(ModelConfigs.read(lookup));
    }

    public static Models of(List<ModelConfig> configs) {
        return of(configs, c -> new FaultPolicy(c.name(), c.resilience()));
    }

    /** Each networked provider behind the opener {@code guards} gives for its configuration. */
    public static Models of(List<ModelConfig> configs, Function<ModelConfig, StreamOpener> guards) {
        Map<String, LanguageModel> map = new LinkedHashMap<>();
        for (ModelConfig c : configs) {
            StreamOpener guard = c.kind() == ProviderKind.DEMO ? null : guards.apply(c);
            map.put(c.name(), create(c, httpClient(c), guard));
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
        return create(config, httpClient(config), new FaultPolicy(config.name(), config.resilience()));
    }

    static LanguageModel create(ModelConfig config, HttpClient client, StreamOpener guard) {
        return switch (config.kind()) {
            case DEMO -> new DemoModel(config.name(), config.wordDelay());
            case OPENAI, AZURE_OPENAI -> new GuardedModel(new OpenAiChatModel(config, client), guard);
            case ANTHROPIC -> new GuardedModel(new AnthropicModel(config, client), guard);
        };
    }

    /** Plain-text local servers (Ollama, llama.cpp) speak HTTP/1.1 only; HTTPS providers get HTTP/2. */
    static HttpClient httpClient(ModelConfig config) {
        boolean plain = config.baseUrl() != null && "http".equalsIgnoreCase(config.baseUrl().getScheme());
        return HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(plain ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
