package dev.parley.models.control;

import dev.parley.agent.Models;
import dev.parley.agent.model.DemoModel;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigsTest {

    private static Function<String, Optional<String>> lookup(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void nothingConfiguredMeansTheDemoModelAsDefault() {
        Models models = Models.fromConfig(lookup(Map.of()));
        assertEquals(java.util.Set.of("default"), models.names());
        assertInstanceOf(DemoModel.class, models.defaultModel());
    }

    @Test
    void readsSeveralProvidersWithTheirSettings() {
        List<ModelConfig> configs = ModelConfigs.read(lookup(Map.ofEntries(
                Map.entry("parley.models.names", "default, claude ,local"),
                Map.entry("parley.models.default.kind", "openai"),
                Map.entry("parley.models.default.api-key", "sk-1"),
                Map.entry("parley.models.default.model", "gpt-4o-mini"),
                Map.entry("parley.models.default.idle-timeout", "45s"),
                Map.entry("parley.models.retry.max-retries", "4"),
                Map.entry("parley.models.claude.kind", "anthropic"),
                Map.entry("parley.models.claude.api-key", "sk-ant"),
                Map.entry("parley.models.claude.model", "claude-sonnet-4-5"),
                Map.entry("parley.models.claude.first-byte-timeout", "PT90S"),
                Map.entry("parley.models.local.kind", "ollama"),
                Map.entry("parley.models.local.base-url", "http://localhost:11434/v1"),
                Map.entry("parley.models.local.model", "llama3.2"),
                Map.entry("parley.models.breaker.open-ms", "120000"))));
        assertEquals(3, configs.size());
        ModelConfig openai = configs.get(0);
        assertEquals(ProviderKind.OPENAI, openai.kind());
        assertEquals(Duration.ofSeconds(45), openai.idleTimeout());
        assertEquals(ModelConfig.FIRST_BYTE_TIMEOUT, openai.firstByteTimeout());
        assertEquals(5, openai.resilience().maxAttempts());
        ModelConfig claude = configs.get(1);
        assertEquals(ProviderKind.ANTHROPIC, claude.kind());
        assertTrue(claude.promptCaching(), "caching is on by default for Anthropic");
        assertEquals(Duration.ofSeconds(90), claude.firstByteTimeout());
        ModelConfig local = configs.get(2);
        assertEquals(URI.create("http://localhost:11434/v1"), local.baseUrl());
        assertEquals(null, local.apiKey());
        assertEquals(Duration.ofMinutes(2), local.resilience().breakerOpenFor());
        Models models = Models.of(configs);
        assertInstanceOf(GuardedModel.class, models.get("claude"));
        assertEquals("local", models.get("local").name());
    }

    @Test
    void missingRequiredKeysAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfigs.read(lookup(Map.of(
                "parley.models.default.kind", "anthropic", "parley.models.default.model", "claude"))));
        assertTrue(e.getMessage().contains("parley.models.default.api-key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfigs.read(lookup(Map.of(
                "parley.models.names", "other"))));
        assertTrue(e.getMessage().contains("parley.models.other.kind"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfigs.read(lookup(Map.of(
                "parley.models.default.kind", "gemini"))));
    }

    @Test
    void namesThatHoldTheSharedSettingsCannotNameAModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfigs.read(lookup(Map.of(
                "parley.models.names", "default,retry"))));
        assertTrue(e.getMessage().contains("\"retry\" cannot name a model"), e.getMessage());
    }

    @Test
    void durationsAcceptTheUsualSpellings() {
        assertEquals(Duration.ofMillis(250), ModelConfigs.duration("250ms"));
        assertEquals(Duration.ofSeconds(30), ModelConfigs.duration("30"));
        assertEquals(Duration.ofHours(1), ModelConfigs.duration("1h"));
        assertEquals(Duration.ofSeconds(5), ModelConfigs.duration("PT5S"));
        assertThrows(IllegalArgumentException.class, () -> ModelConfigs.duration("soon"));
    }

    @Test
    void theApiKeyNeverShowsInToString() {
        ModelConfig c = ModelConfigs.read("default", lookup(Map.of("parley.models.default.kind", "openai",
                "parley.models.default.api-key", "sk-secret-123", "parley.models.default.model", "m")));
        assertFalse(c.toString().contains("sk-secret-123"), c.toString());
    }

    @Test
    void theDemoWordDelayIsConfigurable() {
        ModelConfig c = ModelConfigs.read("default", lookup(Map.of("parley.models.default.word-delay", "40ms")));
        assertEquals(Duration.ofMillis(40), c.wordDelay());
        assertEquals(ProviderKind.DEMO, c.kind());
    }
}
