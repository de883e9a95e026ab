package dev.parley.it;

import dev.parley.it.probe.ProviderProbeAgent;
import dev.parley.models.control.FixtureServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.uniqueChatId;
import static dev.parley.models.control.FixtureServer.sse;
import static dev.parley.models.control.FixtureServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chats through the OpenAI-compatible and Anthropic adapters over real HTTP, against a provider fixture in this JVM
 * that replays recorded streams: what the client reads over SSE, and what the provider was sent. The server under
 * test is configured (arquillian-tests/pom.xml) with models {@code openai}, {@code anthropic} and {@code flaky}
 * pointing at the fixture, retries and breaker settings from {@code parley.models.retry.max-retries} and
 * {@code parley.models.breaker.failures}.
 */
@ExtendWith(ArquillianExtension.class)
class ProvidersIT {

    private static final int MAX_RETRIES = Integer.getInteger("parley.models.retry.max-retries", 2);
    private static FixtureServer providers;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProviderProbeAgent.class, ProviderProbeAgent.City.class,
                ProviderProbeAgent.Zone.class);
    }

    @BeforeAll
    static void startProviders() {
        providers = FixtureServer.onPort(Integer.getInteger("parley.fixture.port", 19300));
    }

    @AfterAll
    static void stopProviders() {
        providers.close();
    }

    @Test
    void aChatThroughOpenAiStreamsTheAnswerAndCompletesTheTurn() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("openai/text.sse"));
        List<JsonObject> records = turn(newChat(), "openai " + marker);

        List<JsonObject> c = chunks(records);
        assertEquals(List.of("start", "start-step", "text-start", "text-delta", "text-delta", "text-end", "finish-step",
                "finish"), types(c), c.toString());
        assertEquals("Hello, world", text(c));
        assertEquals("stop", c.getLast().getString("finishReason"));
        assertEquals("turn-complete", control(records.getLast()));

        FixtureServer.Request sent = provider.requests().getFirst();
        assertEquals("/openai/v1/chat/completions", sent.path());
        assertEquals("Bearer sk-test-openai", sent.header("Authorization"));
        assertEquals("gpt-fixture", sent.json().getString("model"));
        assertTrue(sent.json().getBoolean("stream"));
        JsonArray messages = sent.json().getJsonArray("messages");
        assertEquals("system", role(messages, 0));
        assertEquals("You are the provider probe.", messages.getJsonObject(0).getString("content"));
        assertEquals("user", role(messages, 1));
        assertTrue(messages.get(1).toString().contains(marker), messages.toString());
        assertFalse(sent.json().containsKey("tools"), "no tools offered");
    }

    @Test
    void aChatThroughAnthropicStreamsTheAnswerAndCompletesTheTurn() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("anthropic/text.sse"));
        List<JsonObject> records = turn(newChat(), "anthropic " + marker);

        List<JsonObject> c = chunks(records);
        assertEquals("Hello, world", text(c));
        assertEquals("stop", c.getLast().getString("finishReason"));
        assertEquals("turn-complete", control(records.getLast()));

        FixtureServer.Request sent = provider.requests().getFirst();
        assertEquals("/anthropic/v1/messages", sent.path());
        assertEquals("sk-ant-test", sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertEquals("claude-fixture", sent.json().getString("model"));
        assertTrue(sent.json().get("system").toString().contains("You are the provider probe."));
        JsonArray messages = sent.json().getJsonArray("messages");
        assertEquals(1, messages.size());
        assertEquals("user", role(messages, 0));
        assertTrue(messages.get(0).toString().contains(marker), messages.toString());
    }

    @Test
    void aToolCallThroughOpenAiRunsTheToolsAndSendsTheirResultsBack() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("openai/tool-calls.sse"), sse("openai/text.sse"));
        List<JsonObject> c = chunks(turn(newChat(), "openai " + marker + " tools"));

        assertEquals(new JsonInput("call_abc", "weather", "{\"city\":\"Bern\"}"), input(c, "call_abc"));
        assertEquals(new JsonInput("call_def", "time", "{\"zone\":\"CET\"}"), input(c, "call_def"));
        assertEquals("\"Sunny in Bern\"", output(c, "call_abc"));
        assertEquals("\"12:00 in CET\"", output(c, "call_def"));
        assertEquals("Hello, world", text(c));
        assertEquals("stop", c.getLast().getString("finishReason"));

        List<FixtureServer.Request> sent = provider.requests();
        assertEquals(2, sent.size(), "one call for the tool calls, one for the answer");
        assertEquals(List.of("weather", "time"), sent.get(0).json().getJsonArray("tools").stream()
                .map(t -> t.asJsonObject().getJsonObject("function").getString("name")).toList());
        JsonArray messages = sent.get(1).json().getJsonArray("messages");
        JsonObject assistant = messages.stream().map(JsonValue::asJsonObject)
                .filter(m -> "assistant".equals(m.getString("role"))).findFirst().orElseThrow();
        assertEquals(List.of("call_abc", "call_def"), assistant.getJsonArray("tool_calls").stream()
                .map(t -> t.asJsonObject().getString("id")).toList());
        JsonObject result = messages.stream().map(JsonValue::asJsonObject)
                .filter(m -> "tool".equals(m.getString("role")) && "call_abc".equals(m.getString("tool_call_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no tool result for call_abc: " + messages));
        assertTrue(result.getString("content").contains("Sunny in Bern"), result.toString());
    }

    @Test
    void aToolCallThroughAnthropicRunsTheToolAndSendsItsResultBack() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("anthropic/tool-use.sse"),
                sse("anthropic/text.sse"));
        List<JsonObject> c = chunks(turn(newChat(), "anthropic " + marker + " tools"));

        assertEquals(new JsonInput("toolu_01", "weather", "{\"city\":\"Bern\"}"), input(c, "toolu_01"));
        assertEquals("\"Sunny in Bern\"", output(c, "toolu_01"));
        assertEquals("Let me check.Hello, world", text(c));
        assertEquals("stop", c.getLast().getString("finishReason"));

        List<FixtureServer.Request> sent = provider.requests();
        assertEquals(2, sent.size());
        assertEquals(List.of("weather", "time"), sent.get(0).json().getJsonArray("tools").stream()
                .map(t -> t.asJsonObject().getString("name")).toList());
        JsonArray messages = sent.get(1).json().getJsonArray("messages");
        assertEquals(List.of("user", "assistant", "user"), messages.stream()
                .map(m -> m.asJsonObject().getString("role")).toList());
        JsonObject toolUse = block(messages.getJsonObject(1), "tool_use");
        assertEquals("toolu_01", toolUse.getString("id"));
        assertEquals("Bern", toolUse.getJsonObject("input").getString("city"));
        JsonObject toolResult = block(messages.getJsonObject(2), "tool_result");
        assertEquals("toolu_01", toolResult.getString("tool_use_id"));
        assertTrue(toolResult.get("content").toString().contains("Sunny in Bern"), toolResult.toString());
    }

    @Test
    void a500BeforeTheFirstTokenIsRetriedAndTheClientSeesOneCleanAnswer() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker,
                status(500, "{\"error\":{\"message\":\"upstream busy\"}}"), sse("openai/text.sse"));
        List<JsonObject> c = chunks(turn(newChat(), "openai " + marker));

        assertEquals(2, provider.requests().size(), "retried once");
        assertEquals(provider.requests().get(0).body(), provider.requests().get(1).body(), "the same request again");
        assertFalse(types(c).contains("error"), c.toString());
        assertEquals(1, types(c).stream().filter("text-start"::equals).count(), "one answer, not two");
        assertEquals("Hello, world", text(c));
        assertEquals("stop", c.getLast().getString("finishReason"));
    }

    @Test
    void anOverloadedEventBeforeTheFirstTokenIsRetried() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("anthropic/overloaded.sse"),
                sse("anthropic/text.sse"));
        List<JsonObject> c = chunks(turn(newChat(), "anthropic " + marker));

        assertEquals(2, provider.requests().size());
        assertFalse(types(c).contains("error"), c.toString());
        assertEquals("Hello, world", text(c));
    }

    @Test
    void aFailureMidStreamIsNotRetriedEndsTheTurnWithAnErrorAndTheChatGoesOn() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker,
                FixtureServer.failingAfter("openai/text.sse", 2,
                        "{\"error\":{\"message\":\"the model crashed\",\"type\":\"server_error\"}}"),
                sse("openai/text.sse"));
        String chat = newChat();
        List<JsonObject> records = turn(chat, "openai " + marker);
        List<JsonObject> c = chunks(records);

        assertEquals(1, provider.requests().size(), "no retry after the first token");
        assertEquals("Hello", text(c), "the partial answer stays");
        JsonObject error = c.stream().filter(x -> "error".equals(x.getString("type"))).findFirst().orElseThrow();
        assertTrue(ServerLog.entry(ServerLog.errorId(error.getString("errorText"))).contains("the model crashed"), error.toString());
        assertEquals("finish", c.getLast().getString("type"));
        assertEquals("error", c.getLast().getString("finishReason"));
        assertEquals("turn-complete", control(records.getLast()));

        List<JsonObject> next = chunks(answer(chat, seq(records.getLast()), "openai " + marker + " again"));
        assertEquals("Hello, world", text(next));
        assertEquals("stop", next.getLast().getString("finishReason"));
        assertEquals(2, provider.requests().size());
    }

    @Test
    void stopClosesTheProviderStreamPromptlyAndEndsTheTurnWithAbort() throws Exception {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, FixtureServer.thenWaitForHangUp("openai/text.sse", 2));
        String chat = newChat();
        say(chat, "openai " + marker);
        SseClient.read(Parley.URL, chat, "out", KEY, e -> "batch".equals(e.name()) && e.data().contains("text-delta"),
                "Timeout-Seconds", "30");

        Chats.stop(chat);
        assertTrue(provider.sawHangUp(Duration.ofSeconds(5)),
                "the provider's connection was closed within 5 s of the stop (it would stream for 20 s)");
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        assertEquals("abort", c.getLast().getString("type"), "a stopped turn ends with abort");
        assertEquals("Hello", text(c));
        assertEquals(1, provider.requests().size());
    }

    @Test
    void repeatedFailuresOpenTheProvidersCircuitBreakerButNotAnotherProvidersBreaker() {
        String marker = marker();
        FixtureServer.Script flaky = providers.script(marker, status(500, "{\"error\":{\"message\":\"down\"}}"));
        String chat = newChat();
        List<JsonObject> first = turn(chat, "flaky " + marker);
        assertTrue(ServerLog.entry(ServerLog.errorId(errorText(chunks(first)))).contains("HTTP 500"), chunks(first).toString());
        assertEquals(MAX_RETRIES + 1, flaky.requests().size(), "the first try and its retries");

        List<JsonObject> second = chunks(answer(chat, seq(first.getLast()), "flaky " + marker + " again"));
        assertTrue(ServerLog.entry(ServerLog.errorId(errorText(second))).contains("circuit breaker"), second.toString());
        assertEquals("error", second.getLast().getString("finishReason"));
        assertEquals(MAX_RETRIES + 1, flaky.requests().size(), "an open breaker does not call the provider");

        String other = marker();
        providers.script(other, sse("openai/text.sse"));
        assertEquals("Hello, world", text(chunks(turn(newChat(), "openai " + other))),
                "openai (same kind, same host) has a breaker of its own");
    }

    @Test
    void theDemoAgentAnswersWithTheModelTheMessagesMetadataNames() {
        String marker = marker();
        FixtureServer.Script provider = providers.script(marker, sse("anthropic/text.sse"));
        String chat = uniqueChatId();
        createChat(chat, "demo");
        assertEquals(200, Parley.append(chat, "in", """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","metadata":{"model":"anthropic"},
                 "message":{"id":"u1","role":"user","parts":[{"type":"text","text":"%s"}]}}}"""
                .formatted(chat, marker), KEY).statusCode());
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        assertEquals("Hello, world", text(chunks(records)));
        assertEquals(1, provider.requests().size());

        List<JsonObject> echoed = chunks(answer(chat, seq(records.getLast()), "no metadata " + marker));
        assertEquals("You said: no metadata " + marker, text(echoed), "without metadata: the default (demo) model");
        assertEquals(1, provider.requests().size());
    }

    // ---- helpers ----

    record JsonInput(String toolCallId, String toolName, String input) {
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }

    private static String newChat() {
        String chat = uniqueChatId();
        createChat(chat, "it-providers");
        return chat;
    }

    /** Says {@code text} in a fresh chat and returns the records of the turn that answers it. */
    private static List<JsonObject> turn(String chat, String text) {
        say(chat, text);
        return untilTurns(chat, -1, 1).records();
    }

    /** Says {@code text} and returns the records after {@code cursor} up to the turn that answers it. */
    private static List<JsonObject> answer(String chat, long cursor, String text) {
        say(chat, text);
        return untilTurns(chat, cursor, 1).records();
    }

    private static long seq(JsonObject record) {
        return record.getJsonNumber("seq_num").longValue();
    }

    private static List<String> types(List<JsonObject> chunks) {
        return chunks.stream().map(c -> c.getString("type")).toList();
    }

    private static String role(JsonArray messages, int i) {
        return messages.getJsonObject(i).getString("role");
    }

    private static String errorText(List<JsonObject> chunks) {
        return chunks.stream().filter(c -> "error".equals(c.getString("type"))).map(c -> c.getString("errorText"))
                .findFirst().orElse("");
    }

    private static JsonInput input(List<JsonObject> chunks, String id) {
        JsonObject c = chunks.stream().filter(x -> "tool-input-available".equals(x.getString("type"))
                && id.equals(x.getString("toolCallId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no tool-input-available for " + id + ": " + chunks));
        return new JsonInput(id, c.getString("toolName"), c.get("input").toString());
    }

    private static String output(List<JsonObject> chunks, String id) {
        return chunks.stream().filter(x -> "tool-output-available".equals(x.getString("type"))
                        && id.equals(x.getString("toolCallId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no tool-output-available for " + id + ": " + chunks))
                .get("output").toString();
    }

    private static JsonObject block(JsonObject message, String type) {
        return message.getJsonArray("content").stream().map(JsonValue::asJsonObject)
                .filter(b -> type.equals(b.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " block in " + message));
    }
}
