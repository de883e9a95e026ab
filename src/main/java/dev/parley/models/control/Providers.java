package dev.parley.models.control;

import dev.parley.agent.LanguageModel;
import dev.parley.agent.model.DemoModel;
import dev.parley.models.entity.ModelConfig;

import java.net.http.HttpClient;

/** Builds the model a configuration names; {@link dev.parley.agent.Models} keeps the provider classes out of the API. */
public final class Providers {

    private Providers() {
    }

    public static LanguageModel create(ModelConfig config, HttpClient client, StreamOpener guard) {
        return switch (config.kind()) {
            case DEMO -> new DemoModel(config.name(), config.wordDelay());
            case OPENAI, AZURE_OPENAI -> new GuardedModel(new OpenAiChatModel(config, client),
                    config.kind().name().toLowerCase(java.util.Locale.ROOT), guard);
            case ANTHROPIC -> new GuardedModel(new AnthropicModel(config, client), "anthropic", guard);
        };
    }

    /** Plain-text local servers (Ollama, llama.cpp) speak HTTP/1.1 only; HTTPS providers get HTTP/2. */
    public static HttpClient httpClient(ModelConfig config) {
        boolean plain = config.baseUrl() != null && "http".equalsIgnoreCase(config.baseUrl().getScheme());
        return HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(plain ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
