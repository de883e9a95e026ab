package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.model.ModelRequest;
import dev.parley.models.entity.ModelConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/** Anthropic Messages with {@code stream: true}. */
final class AnthropicModel implements ProviderModel {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    static final String API_VERSION = "2023-06-01";

    private final ModelConfig config;
    private final SseCall sse;
    private final URI endpoint;

    AnthropicModel(ModelConfig config, HttpClient client) {
        this.config = config;
        this.sse = new SseCall(config.name(), client, config.firstByteTimeout(), config.idleTimeout());
        URI base = config.baseUrl() == null ? DEFAULT_BASE_URL : config.baseUrl();
        String s = base.toString();
        this.endpoint = URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/v1/messages");
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
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofString(AnthropicRequests.body(config, request)));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            http.header("x-api-key", config.apiKey());
        }
        HttpRequest built = http.build();
        return OpenedStream.open(abort, events -> {
            AnthropicStream parser = new AnthropicStream(config.name(), events);
            return new OpenedStream.Source(sse.open(built, abort, parser), parser::end);
        });
    }
}
