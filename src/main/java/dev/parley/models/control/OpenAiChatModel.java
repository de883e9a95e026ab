package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelRequest;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * OpenAI Chat Completions with {@code stream: true}, and every server that speaks it: OpenAI, Azure OpenAI, Ollama,
 * vLLM, LM Studio, llama.cpp. Only the endpoint, the key header and the model name differ between them.
 */
final class OpenAiChatModel implements ProviderModel {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

    private final ModelConfig config;
    private final SseCall sse;
    private final URI endpoint;

    OpenAiChatModel(ModelConfig config, HttpClient client) {
        this.config = config;
        this.sse = new SseCall(config.name(), client, config.firstByteTimeout(), config.idleTimeout());
        this.endpoint = endpoint(config.baseUrl() == null ? DEFAULT_BASE_URL : config.baseUrl());
    }

    /** {@code <base>/chat/completions}, keeping a query such as Azure's {@code ?api-version=…}. */
    static URI endpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/chat/completions";
        String query = base.getRawQuery() == null ? "" : "?" + base.getRawQuery();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + query);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public OpenedStream open(ModelRequest request, AbortSignal abort) {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(config.firstByteTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(OpenAiRequests.body(config, request)));
        String key = config.apiKey();
        if (key != null && !key.isBlank()) {
            if (config.kind() == ProviderKind.AZURE_OPENAI) {
                http.header("api-key", key);
            } else {
                http.header("Authorization", "Bearer " + key);
            }
        }
        HttpRequest built = http.build();
        return OpenedStream.open(abort, events -> {
            OpenAiStream parser = new OpenAiStream(config.name(), events);
            return new OpenedStream.Source(sse.open(built, abort, parser), parser::end);
        });
    }
}
