package dev.parley.models.control;

import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import dev.parley.models.entity.Resilience;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads model configurations through a key lookup, so the container can back it with MicroProfile Config and tests
 * with a map. {@code parley.models.names} lists the names (default {@code default}); each name reads
 * {@code parley.models.<name>.kind, base-url, api-key, model, connect-timeout, first-byte-timeout, idle-timeout,
 * max-output-tokens, prompt-caching, word-delay}. A {@code default} without a kind is the demo model, so a fresh
 * install chats. Durations take {@code 500ms}, {@code 30s}, {@code 2m}, {@code PT30S}, or a plain number of seconds.
 * Retries and circuit breakers have one setting for all providers ({@code parley.models.retry.max-retries,
 * retry.delay-ms, breaker.failures, breaker.open-ms}), because in the container they are MicroProfile Fault
 * Tolerance annotations, whose parameters are per method (see {@code microprofile-config.properties}).
 */
public final class ModelConfigs {

    public static final String PREFIX = "parley.models.";

    private ModelConfigs() {
    }

    /** Sub-keys of {@code parley.models.} that are not model names. */
    private static final Set<String> RESERVED = Set.of("names", "retry", "breaker");

    public static List<ModelConfig> read(Function<String, Optional<String>> lookup) {
        List<String> names = value(lookup, PREFIX + "names")
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList())
                .orElse(List.of("default"));
        Resilience resilience = resilience(lookup);
        List<ModelConfig> configs = new ArrayList<>();
        for (String name : names) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("\"" + name + "\" cannot name a model: " + PREFIX + name
                        + ".* holds other settings");
            }
            configs.add(read(name, lookup).withResilience(resilience));
        }
        return configs;
    }

    /** The one retry and breaker setting of all providers, with the defaults the annotations have. */
    static Resilience resilience(Function<String, Optional<String>> lookup) {
        Resilience d = Resilience.DEFAULTS;
        int retries = value(lookup, PREFIX + "retry.max-retries").map(Integer::parseInt).orElse(d.maxAttempts() - 1);
        Duration delay = value(lookup, PREFIX + "retry.delay-ms").map(v -> Duration.ofMillis(Long.parseLong(v)))
                .orElse(d.initialBackoff());
        return new Resilience(retries + 1, delay, delay,
                value(lookup, PREFIX + "breaker.failures").map(Integer::parseInt).orElse(d.breakerThreshold()),
                value(lookup, PREFIX + "breaker.open-ms").map(v -> Duration.ofMillis(Long.parseLong(v)))
                        .orElse(d.breakerOpenFor()));
    }

    public static ModelConfig read(String name, Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> key = k -> value(lookup, PREFIX + name + "." + k);
        ProviderKind kind = key.apply("kind").map(ProviderKind::fromConfig).orElseGet(() -> {
            if (name.equals("default")) {
                return ProviderKind.DEMO;
            }
            throw new IllegalArgumentException(PREFIX + name + ".kind is required");
        });
        String model = key.apply("model").orElse(kind == ProviderKind.DEMO ? "demo" : null);
        String apiKey = key.apply("api-key").orElse(null);
        URI baseUrl = key.apply("base-url").map(URI::create).orElse(null);
        require(kind == ProviderKind.DEMO || model != null, name, "model");
        require(kind != ProviderKind.ANTHROPIC && kind != ProviderKind.AZURE_OPENAI || apiKey != null, name, "api-key");
        require(kind != ProviderKind.AZURE_OPENAI || baseUrl != null, name, "base-url");
        require(kind != ProviderKind.OPENAI || baseUrl != null || apiKey != null, name, "api-key (or base-url)");
        return new ModelConfig(name, kind, baseUrl, apiKey, model,
                key.apply("connect-timeout").map(ModelConfigs::duration).orElse(null),
                key.apply("first-byte-timeout").map(ModelConfigs::duration).orElse(null),
                key.apply("idle-timeout").map(ModelConfigs::duration).orElse(null),
                null,
                key.apply("max-output-tokens").map(Integer::parseInt).orElse(null),
                key.apply("prompt-caching").map(Boolean::parseBoolean).orElse(kind == ProviderKind.ANTHROPIC),
                key.apply("word-delay").map(ModelConfigs::duration).orElse(Duration.ZERO));
    }

    private static Optional<String> value(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static void require(boolean ok, String name, String key) {
        if (!ok) {
            throw new IllegalArgumentException(PREFIX + name + "." + key + " is required for this kind of model");
        }
    }

    public static Duration duration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(s.trim());
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long n = Long.parseLong(v.replaceAll("[smh]$", "").trim());
            return switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: " + s + " (use 500ms, 30s, 2m, 1h or PT30S)", e);
        }
    }
}
