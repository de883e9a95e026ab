package dev.parley.models.entity;

import java.util.Locale;

/** The wire dialect of a configured model. */
public enum ProviderKind {
    /** Built in, deterministic, no network: the default so a fresh install chats out of the box. */
    DEMO,
    /** OpenAI Chat Completions and everything that speaks it (Ollama, vLLM, LM Studio, llama.cpp server). */
    OPENAI,
    /** Chat Completions on Azure: the key goes in an {@code api-key} header. */
    AZURE_OPENAI,
    /** Anthropic Messages. */
    ANTHROPIC;

    /** Reads {@code parley.models.<name>.kind}; the local servers are aliases of {@link #OPENAI}. */
    public static ProviderKind fromConfig(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "demo" -> DEMO;
            case "openai", "openai-compatible", "ollama", "vllm", "lmstudio", "lm-studio", "llamacpp", "llama.cpp" ->
                    OPENAI;
            case "azure", "azure-openai" -> AZURE_OPENAI;
            case "anthropic", "claude" -> ANTHROPIC;
            default -> throw new IllegalArgumentException("unknown model kind: " + s
                    + " (use demo, openai, openai-compatible, ollama, vllm, lmstudio, llamacpp, azure-openai, anthropic)");
        };
    }
}
