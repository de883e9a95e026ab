package dev.parley.it;

import dev.parley.it.probe.ProviderProbeAgent;
import dev.parley.models.control.FixtureServer;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.OtlpReceiver.hex;
import static dev.parley.it.OtlpReceiver.number;
import static dev.parley.it.OtlpReceiver.string;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.uniqueChatId;
import static dev.parley.models.control.FixtureServer.sse;
import static dev.parley.models.control.FixtureServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Telemetry with the SDK on (this deployment's configuration; it is off by default) exporting over
 * OTLP/HTTP to a receiver the test runs: a turn is a span in the trace of the request that appended its message,
 * with a span per model call and per tool call beneath it, and the turn metrics arrive with the exports. The console's
 * turn view names the same trace and shows each model call's tokens and retries.
 */
@ExtendWith(ArquillianExtension.class)
class TelemetryIT {

    private static final int OTEL_PORT = Integer.getInteger("parley.otel.port", 19310);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private static FixtureServer providers;
    /**
     * Open until the test JVM exits, not only until {@code @AfterAll}: Arquillian undeploys the application after
     * that, and the application's exporter sends its last spans and metrics while it stops. Refused, it retries, and
     * the application stopped too slowly for the adapter.
     */
    private static final OtlpReceiver receiver = OtlpReceiver.untilExit(OTEL_PORT);

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        WebArchive war = Parley.war().addClasses(ProviderProbeAgent.class, ProviderProbeAgent.City.class,
                ProviderProbeAgent.Zone.class);
        String config;
        try (InputStream in = war.get(CONFIG).getAsset().openStream()) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ArchivePath path = org.jboss.shrinkwrap.api.ArchivePaths.create(CONFIG);
        war.delete(path);
        return war.add(new StringAsset(config + """

                otel.sdk.disabled=false
                otel.service.name=parley-it
                otel.traces.exporter=otlp
                otel.metrics.exporter=otlp
                otel.logs.exporter=none
                otel.exporter.otlp.protocol=http/protobuf
                otel.exporter.otlp.endpoint=http://127.0.0.1:%d
                otel.bsp.schedule.delay=100
                otel.metric.export.interval=500
                """.formatted(OTEL_PORT)), path);
    }

    @BeforeAll
    static void start() {
        providers = FixtureServer.onPort(Integer.getInteger("parley.fixture.port", 19300));
    }

    @AfterAll
    static void stop() {
        providers.close();
    }

    @Test
    void aTurnContinuesTheAppendingRequestsTraceWithItsModelAndToolCallsBeneathIt() {
        String marker = "m-" + UUID.randomUUID();
        providers.script(marker, sse("openai/tool-calls.sse"), sse("openai/text.sse"));
        String chat = uniqueChatId();
        String session = createChat(chat, "it-providers").getString("id");
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        HttpResponse<String> appended = Parley.append(chat, "in", Parley.message(chat, "openai " + marker + " tools"), KEY,
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01");
        assertEquals(200, appended.statusCode(), appended.body());
        long turnComplete = untilTurns(chat, -1, 1).records().getLast().getJsonNumber("seq_num").longValue();

        Span turn = receiver.span("turn span of " + chat, s -> chat.equals(string(s, "parley.chat")), WAIT);
        assertEquals(traceId, hex(turn.getTraceId()), "the turn continues the caller's trace");
        JsonObject trace = consoleTurn(session, turnComplete).getJsonObject("trace");
        assertTrue(trace.getBoolean("stored"), trace.toString());
        assertEquals(hex(turn.getTraceId()), trace.getString("traceId"), "the console names the exported turn span's trace");
        assertEquals(hex(turn.getSpanId()), trace.getString("spanId"));
        Span request = receiver.span("the append's server span", s -> hex(s.getSpanId()).equals(hex(turn.getParentSpanId())), WAIT);
        assertEquals(callerSpan, hex(request.getParentSpanId()), "the append's span is the caller's child");
        assertEquals("turn it-providers", turn.getName());
        assertEquals("it-providers", string(turn, "parley.agent"));
        assertEquals(currentRun(chat), string(turn, "parley.run"));
        assertEquals(1L, number(turn, "parley.turn.number"));
        assertEquals("submit-message", string(turn, "parley.turn.trigger"));
        assertEquals("stop", string(turn, "parley.turn.finish_reason"));
        assertTrue(number(turn, "parley.turn.time_to_first_chunk_ms") >= 0);
        // the recorded usage of the two calls: 2048 + 19 in (1024 of them cached), 40 + 3 out
        assertEquals(2067L, number(turn, "parley.tokens.input"));
        assertEquals(43L, number(turn, "parley.tokens.output"));
        assertEquals(1024L, number(turn, "parley.tokens.cached"));

        List<Span> children = receiver.spans().stream().filter(s -> s.getParentSpanId().equals(turn.getSpanId())).toList();
        List<Span> models = children.stream().filter(s -> s.getName().equals("model openai")).toList();
        assertEquals(2, models.size(), "one model call for the tool calls, one for the answer: " + children);
        for (Span m : models) {
            assertEquals("openai", string(m, "parley.model.provider"));
            assertEquals(0L, number(m, "parley.model.retries"));
            assertEquals("closed", string(m, "parley.model.breaker"));
        }
        assertEquals(List.of("tool time", "tool weather"),
                children.stream().map(Span::getName).filter(n -> n.startsWith("tool ")).sorted().toList());
    }

    @Test
    void theConsolesTurnViewGivesEachModelCallItsTokensAndTheRetriesFaultToleranceMade() {
        String marker = "m-" + UUID.randomUUID();
        // the first call is refused once (retried by Fault Tolerance) and asks for two tools; the second answers
        providers.script(marker, status(500, "{\"error\":{\"message\":\"upstream busy\"}}"),
                sse("openai/tool-calls.sse"), sse("openai/text.sse"));
        String chat = uniqueChatId();
        String session = createChat(chat, "it-providers").getString("id");
        Chats.say(chat, "openai " + marker + " tools");
        long turnComplete = untilTurns(chat, -1, 1).records().getLast().getJsonNumber("seq_num").longValue();

        JsonArray steps = consoleTurn(session, turnComplete).getJsonArray("steps");
        assertEquals(2, steps.size(), steps.toString());
        JsonObject tools = steps.getJsonObject(0).getJsonObject("modelCall");
        assertEquals("openai", tools.getString("provider"));
        assertEquals("openai", tools.getString("model"));
        assertEquals(2048, tools.getInt("inputTokens"));
        assertEquals(1024, tools.getInt("cachedTokens"));
        assertEquals(40, tools.getInt("outputTokens"));
        assertEquals(1, tools.getInt("retries"), "one refused try before the stream");
        JsonObject answer = steps.getJsonObject(1).getJsonObject("modelCall");
        assertEquals(19, answer.getInt("inputTokens"));
        assertEquals(3, answer.getInt("outputTokens"));
        assertEquals(0, answer.getInt("retries"));

        Span turn = receiver.span("turn span of " + chat, s -> chat.equals(string(s, "parley.chat")), WAIT);
        List<Long> retries = receiver.spans().stream().filter(s -> s.getParentSpanId().equals(turn.getSpanId()))
                .filter(s -> s.getName().startsWith("model ")).map(s -> number(s, "parley.model.retries")).sorted().toList();
        assertEquals(List.of(0L, 1L), retries, "the spans count the same retries");
    }

    @Test
    void aRunsTurnAfterASuspensionLinksToTheTurnBeforeIt() {
        String marker = "m-" + UUID.randomUUID();
        providers.script(marker, sse("openai/text.sse"), sse("openai/text.sse"));
        String chat = newChat();
        Chats.say(chat, "openai " + marker + " first");
        untilTurns(chat, -1, 1);
        String run = currentRun(chat);
        awaitSuspended(run);
        Chats.say(chat, "openai " + marker + " second");
        untilTurns(chat, -1, 2);

        Span first = receiver.span("first turn", s -> chat.equals(string(s, "parley.chat")) && number(s, "parley.turn.number") == 1, WAIT);
        Span second = receiver.span("second turn", s -> chat.equals(string(s, "parley.chat")) && number(s, "parley.turn.number") == 2, WAIT);
        assertEquals(run, string(second, "parley.run"), "the same run, resumed");
        assertEquals(1, second.getLinksCount(), second.toString());
        assertEquals(first.getSpanId(), second.getLinks(0).getSpanId());
        assertEquals(first.getTraceId(), second.getLinks(0).getTraceId());
    }

    @Test
    void theTurnMetricsAreExported() {
        String marker = "m-" + UUID.randomUUID();
        providers.script(marker, sse("openai/text.sse"));
        String chat = newChat();
        Chats.say(chat, "openai " + marker);
        untilTurns(chat, -1, 1);

        Metric turns = receiver.metric("parley.turns", m -> sum(m, "it-providers") >= 1, WAIT);
        assertTrue(turns.getSum().getIsMonotonic());
        Metric ttfc = receiver.metric("parley.turn.time_to_first_chunk", m -> m.hasHistogram()
                && m.getHistogram().getDataPointsList().stream().anyMatch(p -> p.getCount() >= 1), WAIT);
        assertEquals("s", ttfc.getUnit());
        receiver.metric("parley.chunks", m -> sum(m, "it-providers") >= 7, WAIT);
        receiver.metric("parley.tokens", m -> m.getSum().getDataPointsList().stream().anyMatch(p ->
                "openai".equals(attr(p, "parley.model")) && "output".equals(attr(p, "type")) && p.getAsInt() >= 3), WAIT);
        receiver.metric("parley.runs", m -> m.getGauge().getDataPointsList().stream().anyMatch(p -> p.getAsInt() >= 1), WAIT);
        receiver.metric("parley.group_commit.records", m -> m.getSum().getDataPointsList().stream()
                .anyMatch(p -> p.getAsInt() >= 1), WAIT);
        receiver.metric("parley.runs.queue.depth", m -> m.getGauge().getDataPointsCount() == 1, WAIT);
        receiver.metric("parley.runs.dead_letter.depth", m -> m.getGauge().getDataPointsCount() == 1, WAIT);
        receiver.metric("parley.sse.streams.open", m -> m.getSum().getDataPointsCount() == 1, WAIT);
    }

    private static JsonObject consoleTurn(String session, long seq) {
        HttpResponse<String> r = Console.get(Console.adminCookie(), "/console/api/sessions/" + session + "/turns/" + seq);
        assertEquals(200, r.statusCode(), r.body());
        return Parley.json(r.body());
    }

    private static long sum(Metric m, String agent) {
        return m.getSum().getDataPointsList().stream().filter(p -> agent.equals(attr(p, "parley.agent")))
                .mapToLong(NumberDataPoint::getAsInt).sum();
    }

    private static String attr(NumberDataPoint p, String key) {
        return OtlpReceiver.attribute(p.getAttributesList(), key).map(v -> v.getStringValue()).orElse(null);
    }

    private static void awaitSuspended(String run) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"SUSPENDED".equals(runStatus(run))) {
            assertTrue(System.nanoTime() < deadline, "run " + run + " did not suspend; it is " + runStatus(run));
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String newChat() {
        String chat = uniqueChatId();
        createChat(chat, "it-providers");
        return chat;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero (invalid)
        return HexFormat.of().formatHex(b);
    }
}
