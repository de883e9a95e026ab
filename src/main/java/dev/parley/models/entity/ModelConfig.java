package dev.parley.models.entity;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One configured model ({@code parley.models.<name>.*}). {@code firstByteTimeout} bounds the wait for the response
 * and its first event, {@code idleTimeout} the silence between two events of a running stream.
 * {@code wordDelay} paces the demo model only. {@link #toString()} never shows the API key.
 */
public record ModelConfig(String name, ProviderKind kind, URI baseUrl, String apiKey, String model,
                          Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
                          Resilience resilience, Integer maxOutputTokens, boolean promptCaching, Duration wordDelay) {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    public ModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        connectTimeout = connectTimeout == null ? CONNECT_TIMEOUT : connectTimeout;
        firstByteTimeout = firstByteTimeout == null ? FIRST_BYTE_TIMEOUT : firstByteTimeout;
        idleTimeout = idleTimeout == null ? IDLE_TIMEOUT : idleTimeout;
        resilience = resilience == null ? Resilience.DEFAULTS : resilience;
        wordDelay = wordDelay == null ? Duration.ZERO : wordDelay;
    }

    /** A demo model with the given pacing per word. */
    public static ModelConfig demo(String name, Duration wordDelay) {
        return new ModelConfig(name, ProviderKind.DEMO, null, null, "demo", null, null, null, null, null, false,
                wordDelay);
    }

    public ModelConfig withBaseUrl(URI url) {
        return new ModelConfig(name, kind, url, apiKey, model, connectTimeout, firstByteTimeout, idleTimeout,
                resilience, maxOutputTokens, promptCaching, wordDelay);
    }

    public ModelConfig withTimeouts(Duration firstByte, Duration idle) {
        return new ModelConfig(name, kind, baseUrl, apiKey, model, connectTimeout, firstByte, idle, resilience,
                maxOutputTokens, promptCaching, wordDelay);
    }

    public ModelConfig withResilience(Resilience r) {
        return new ModelConfig(name, kind, baseUrl, apiKey, model, connectTimeout, firstByteTimeout, idleTimeout, r,
                maxOutputTokens, promptCaching, wordDelay);
    }

    @Override
    public String toString() {
        return "ModelConfig[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", model=" + model
                + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "none" : "***") + "]";
    }
}
