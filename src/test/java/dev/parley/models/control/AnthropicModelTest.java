package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
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

class AnthropicModelTest {

    static ModelConfig config(URI baseUrl, boolean caching) {
        return new ModelConfig("claude", ProviderKind.ANTHROPIC, baseUrl, "sk-ant-test", "claude-sonnet-4-5",
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), null, null, caching, null);
    }

    private static final ModelRequest HELLO =
            new ModelRequest("You are terse.", List.of(ModelMessage.User.text("Hi")));

    private static List<ModelEvent> stream(FixtureServer server) {
        ModelConfig c = config(server.baseUrl(), true);
        List<ModelEvent> events = new ArrayList<>();
        new AnthropicModel(c, Providers.httpClient(c)).stream(HELLO, new AbortSignal(), events::add);
        return events;
    }

    @Test
    void streamsTextSkippingPingsAndSendsCacheBreakpoints() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/text.sse"))) {
            assertEquals(List.of(new ModelEvent.TextDelta("Hello"), new ModelEvent.TextDelta(", world"),
                    new ModelEvent.Finish(FinishReason.STOP, new Usage(25, 12, 0, 0, 0))), stream(server));
            FixtureServer.Request request = server.requests().getFirst();
            assertEquals("/v1/messages", request.path());
            assertEquals("sk-ant-test", request.header("x-api-key"));
            assertEquals("2023-06-01", request.header("anthropic-version"));
            JsonObject body = JsonValues.parseObject(request.body());
            JsonObject system = body.getJsonArray("system").getJsonObject(0);
            assertEquals("You are terse.", system.getString("text"));
            assertEquals("ephemeral", system.getJsonObject("cache_control").getString("type"));
            JsonObject lastBlock = body.getJsonArray("messages").getJsonObject(0).getJsonArray("content")
                    .getJsonObject(0);
            assertEquals("ephemeral", lastBlock.getJsonObject("cache_control").getString("type"));
            assertEquals(AnthropicRequests.DEFAULT_MAX_TOKENS, body.getInt("max_tokens"));
        }
    }

    @Test
    void streamsToolUseWithSplitJsonAndCacheReadUsage() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/tool-use.sse"))) {
            assertEquals(List.of(new ModelEvent.TextDelta("Let me check."),
                    new ModelEvent.ToolCallStart("toolu_01", "weather"),
                    new ModelEvent.ToolCallDelta("toolu_01", "{\"city\": \"Be"),
                    new ModelEvent.ToolCallDelta("toolu_01", "rn\"}"),
                    new ModelEvent.ToolCallEnd("toolu_01"),
                    new ModelEvent.Finish(FinishReason.TOOL_CALLS, new Usage(2010, 40, 2000, 0, 0))), stream(server));
        }
    }

    @Test
    void streamsThinkingWithItsSignatureAndCacheWriteUsage() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/thinking.sse"))) {
            assertEquals(List.of(new ModelEvent.ReasoningDelta("Let me think"),
                    new ModelEvent.ReasoningDelta(" about it."),
                    new ModelEvent.ReasoningSignature("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxDYgDbsOPVhKuNsjciMJHi"),
                    new ModelEvent.TextDelta("42"),
                    new ModelEvent.Finish(FinishReason.STOP, new Usage(1530, 30, 0, 1500, 0))), stream(server));
        }
    }

    @Test
    void anErrorEventIsATransientFailure() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/overloaded.sse"))) {
            ModelException e = assertThrows(ModelException.class, () -> stream(server));
            assertTrue(e.retryable());
            assertEquals(529, e.status());
            assertTrue(e.getMessage().contains("overloaded_error"), e.getMessage());
        }
    }

    @Test
    void aMalformedEventFails() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/malformed.sse"))) {
            ModelException e = assertThrows(ModelException.class, () -> stream(server));
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
            assertFalse(e.retryable());
        }
    }

    @Test
    void aStreamWithoutMessageStopWasCutOff() {
        try (FixtureServer server = new FixtureServer(FixtureServer.truncated("anthropic/text.sse", 4))) {
            ModelException e = assertThrows(ModelException.class, () -> stream(server));
            assertTrue(e.retryable());
        }
    }

    @Test
    void writesHistoryWithSignedThinkingMergedRolesAndToolResults() {
        JsonObject schema = JsonValues.parseObject("{\"type\":\"object\"}");
        ModelRequest request = new ModelRequest("Base.", List.of(
                new ModelMessage.System("Summary of earlier things."),
                ModelMessage.User.text("Weather?"),
                new ModelMessage.Assistant(List.of(new Content.Reasoning("hmm", "sig-1", null),
                        new Content.Reasoning("lost", null, null),
                        new Content.Text(""),
                        new Content.ToolCall("toolu_1", "weather", JsonValues.parse("{\"city\":\"Bern\"}")))),
                new ModelMessage.ToolResults(List.of(
                        new Content.ToolResult("toolu_1", "weather", JsonValues.parse("\"down\""), true))),
                ModelMessage.User.text("Try again")),
                List.of(new ToolSpec("weather", "w", schema), new ToolSpec("time", "t", schema)),
                ModelOptions.DEFAULTS.withThinkingBudget(2048));
        JsonObject body = JsonValues.parseObject(AnthropicRequests.body(config(null, true), request));
        JsonArray system = body.getJsonArray("system");
        assertEquals(2, system.size(), "history system messages join the system prompt");
        assertEquals("enabled", body.getJsonObject("thinking").getString("type"));
        assertEquals(2048, body.getJsonObject("thinking").getInt("budget_tokens"));
        assertTrue(body.getInt("max_tokens") > 2048, "max_tokens must exceed the thinking budget");
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(3, messages.size(), "tool results and the next user text merge into one user turn");
        JsonArray assistant = messages.getJsonObject(1).getJsonArray("content");
        assertEquals(2, assistant.size(), "unsigned thinking and empty text are dropped");
        assertEquals("thinking", assistant.getJsonObject(0).getString("type"));
        assertEquals("sig-1", assistant.getJsonObject(0).getString("signature"));
        assertEquals("tool_use", assistant.getJsonObject(1).getString("type"));
        JsonArray user = messages.getJsonObject(2).getJsonArray("content");
        assertEquals("tool_result", user.getJsonObject(0).getString("type"));
        assertTrue(user.getJsonObject(0).getBoolean("is_error"));
        assertEquals("down", user.getJsonObject(0).getString("content"));
        assertTrue(user.getJsonObject(1).containsKey("cache_control"), "breakpoint on the last block");
        assertFalse(user.getJsonObject(0).containsKey("cache_control"));
        JsonArray tools = body.getJsonArray("tools");
        assertFalse(tools.getJsonObject(0).containsKey("cache_control"));
        assertTrue(tools.getJsonObject(1).containsKey("cache_control"), "breakpoint on the last tool");
    }

    @Test
    void noCacheBreakpointsWhenCachingIsOff() {
        String body = AnthropicRequests.body(config(null, false), HELLO);
        assertFalse(body.contains("cache_control"), body);
    }
}
