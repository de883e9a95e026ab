package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.ModelOptions;
import dev.parley.agent.Models;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.ToolSpec;
import dev.parley.agent.model.Usage;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiChatModelTest {

    static ModelConfig config(ProviderKind kind, URI baseUrl) {
        return new ModelConfig("gpt", kind, baseUrl, "sk-test", "gpt-4o-mini", Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2), null, null, false, null);
    }

    static final ModelRequest HELLO = new ModelRequest("Be brief.", List.of(ModelMessage.User.text("Hi")));

    private static List<ModelEvent> stream(FixtureServer server, ModelRequest request) {
        LanguageModel model = new OpenAiChatModel(config(ProviderKind.OPENAI, server.baseUrl().resolve("/v1")),
                Providers.httpClient(config(ProviderKind.OPENAI, server.baseUrl())));
        List<ModelEvent> events = new ArrayList<>();
        model.stream(request, new AbortSignal(), events::add);
        return events;
    }

    @Test
    void streamsTextAndUsage() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/text.sse"))) {
            assertEquals(List.of(new ModelEvent.TextDelta("Hello"), new ModelEvent.TextDelta(", world"),
                    new ModelEvent.Finish(FinishReason.STOP, new Usage(19, 3, 0, 0, 0))), stream(server, HELLO));
            FixtureServer.Request request = server.requests().getFirst();
            assertEquals("/v1/chat/completions", request.path());
            assertEquals("Bearer sk-test", request.header("Authorization"));
            JsonObject body = JsonValues.parseObject(request.body());
            assertEquals("gpt-4o-mini", body.getString("model"));
            assertTrue(body.getBoolean("stream"));
            assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
            JsonArray messages = body.getJsonArray("messages");
            assertEquals("system", messages.getJsonObject(0).getString("role"));
            assertEquals("Be brief.", messages.getJsonObject(0).getString("content"));
            assertEquals("Hi", messages.getJsonObject(1).getString("content"));
            assertFalse(body.containsKey("tools"), "no tools offered, no tools key");
        }
    }

    @Test
    void streamsParallelToolCallsWithSplitArguments() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/tool-calls.sse"))) {
            List<ModelEvent> events = stream(server, HELLO);
            assertEquals(List.of(
                    new ModelEvent.ToolCallStart("call_abc", "weather"),
                    new ModelEvent.ToolCallDelta("call_abc", "{\"ci"),
                    new ModelEvent.ToolCallDelta("call_abc", "ty\": \"Be"),
                    new ModelEvent.ToolCallDelta("call_abc", "rn\"}"),
                    new ModelEvent.ToolCallStart("call_def", "time"),
                    new ModelEvent.ToolCallDelta("call_def", "{\"zone\":\"CET\"}"),
                    new ModelEvent.ToolCallEnd("call_abc"),
                    new ModelEvent.ToolCallEnd("call_def"),
                    new ModelEvent.Finish(FinishReason.TOOL_CALLS, new Usage(2048, 40, 1024, 0, 0))), events);
        }
    }

    @Test
    void streamsReasoningContent() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/reasoning.sse"))) {
            assertEquals(List.of(new ModelEvent.ReasoningDelta("Let me "), new ModelEvent.ReasoningDelta("think."),
                    new ModelEvent.TextDelta("42"),
                    new ModelEvent.Finish(FinishReason.STOP, new Usage(12, 9, 0, 0, 5))), stream(server, HELLO));
        }
    }

    @Test
    void aMalformedEventFailsWithoutRetryAfterWhatCameBefore() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/malformed.sse"))) {
            List<ModelEvent> events = new ArrayList<>();
            LanguageModel model = new OpenAiChatModel(config(ProviderKind.OPENAI, server.baseUrl()),
                    Providers.httpClient(config(ProviderKind.OPENAI, server.baseUrl())));
            ModelException e = assertThrows(ModelException.class,
                    () -> model.stream(HELLO, new AbortSignal(), events::add));
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
            assertFalse(e.retryable());
            assertEquals(List.of(new ModelEvent.TextDelta("Hel")), events);
        }
    }

    @Test
    void aStreamCutOffMidEventFails() {
        try (FixtureServer server = new FixtureServer(FixtureServer.truncated("openai/text.sse", 2))) {
            List<ModelEvent> events = new ArrayList<>();
            LanguageModel model = new OpenAiChatModel(config(ProviderKind.OPENAI, server.baseUrl()),
                    Providers.httpClient(config(ProviderKind.OPENAI, server.baseUrl())));
            ModelException e = assertThrows(ModelException.class,
                    () -> model.stream(HELLO, new AbortSignal(), events::add));
            assertEquals(List.of(new ModelEvent.TextDelta("Hello")), events);
            assertTrue(e.getMessage().contains("broke"), e.getMessage());
        }
    }

    @Test
    void anErrorStatusCarriesTheProvidersMessage() {
        try (FixtureServer server = new FixtureServer(FixtureServer.status(401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"))) {
            ModelException e = assertThrows(ModelException.class, () -> stream(server, HELLO));
            assertEquals(401, e.status());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("Incorrect API key provided"), e.getMessage());
        }
    }

    @Test
    void azureSendsTheKeyAsApiKeyAndKeepsTheQuery() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/text.sse"))) {
            URI base = URI.create(server.baseUrl() + "/openai/deployments/gpt4o?api-version=2024-10-21");
            LanguageModel model = new OpenAiChatModel(config(ProviderKind.AZURE_OPENAI, base),
                    Providers.httpClient(config(ProviderKind.AZURE_OPENAI, base)));
            model.stream(HELLO, new AbortSignal(), e -> { });
            FixtureServer.Request request = server.requests().getFirst();
            assertEquals("/openai/deployments/gpt4o/chat/completions", request.path());
            assertEquals("sk-test", request.header("api-key"));
            assertEquals(null, request.header("Authorization"));
        }
    }

    @Test
    void writesToolsHistoryAndOptionsInChatCompletionsShape() {
        JsonObject schema = JsonValues.parseObject("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        ModelRequest request = new ModelRequest(null, List.of(
                ModelMessage.User.text("Weather in Bern?"),
                new ModelMessage.Assistant(List.of(new Content.Reasoning("hidden", null, null),
                        new Content.Text("Checking."),
                        new Content.ToolCall("call_1", "weather", JsonValues.parse("{\"city\":\"Bern\"}")))),
                new ModelMessage.ToolResults(List.of(
                        new Content.ToolResult("call_1", "weather", JsonValues.parse("{\"temp\":3}"), false))),
                new ModelMessage.User(List.of(new Content.Text("And this?"),
                        new Content.File("image/png", "data:image/png;base64,AAAA", "a.png")))),
                List.of(new ToolSpec("weather", "Current weather", schema)),
                ModelOptions.DEFAULTS.withMaxOutputTokens(256).withTemperature(0.5));
        JsonObject body = JsonValues.parseObject(OpenAiRequests.body(config(ProviderKind.OPENAI, null), request));
        JsonArray messages = body.getJsonArray("messages");
        JsonObject assistant = messages.getJsonObject(1);
        assertEquals("Checking.", assistant.getString("content"), "reasoning is not sent back");
        JsonObject call = assistant.getJsonArray("tool_calls").getJsonObject(0);
        assertEquals("call_1", call.getString("id"));
        assertEquals("{\"city\":\"Bern\"}", call.getJsonObject("function").getString("arguments"));
        assertEquals(Json.createObjectBuilder().add("role", "tool").add("tool_call_id", "call_1")
                .add("content", "{\"temp\":3}").build(), messages.getJsonObject(2));
        JsonArray parts = messages.getJsonObject(3).getJsonArray("content");
        assertEquals("image_url", parts.getJsonObject(1).getString("type"));
        JsonObject tool = body.getJsonArray("tools").getJsonObject(0);
        assertEquals("function", tool.getString("type"));
        assertEquals(schema, tool.getJsonObject("function").getJsonObject("parameters"));
        assertEquals(256, body.getInt("max_tokens"));
        assertEquals(0.5, body.getJsonNumber("temperature").doubleValue());
    }
}
