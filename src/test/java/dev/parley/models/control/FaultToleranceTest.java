package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.Models;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.StreamResult;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import dev.parley.models.entity.Resilience;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.parley.models.control.OpenAiChatModelTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The providers behind their fault policy, against a local server that misbehaves on purpose. */
class FaultToleranceTest {

    private static final Resilience FAST_RETRIES =
            new Resilience(3, Duration.ofMillis(1), Duration.ofMillis(20), 50, Duration.ofMinutes(1));

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    private final InstantSource clock = now::get;

    private GuardedModel openAi(FixtureServer server, Resilience resilience, Duration firstByte, Duration idle) {
        ModelConfig c = OpenAiChatModelTest.config(ProviderKind.OPENAI, server.baseUrl())
                .withTimeouts(firstByte, idle).withResilience(resilience);
        return new GuardedModel(new OpenAiChatModel(c, Providers.httpClient(c)), "openai",
                new FaultPolicy(c.name(), resilience, clock));
    }

    private GuardedModel openAi(FixtureServer server, Resilience resilience) {
        return openAi(server, resilience, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private static FaultPolicy.State state(GuardedModel model) {
        return ((FaultPolicy) model.guard()).state();
    }

    private static List<ModelEvent> stream(LanguageModel model) {
        List<ModelEvent> events = new ArrayList<>();
        model.stream(HELLO, new AbortSignal(), events::add);
        return events;
    }

    @Test
    void a429BeforeTheFirstTokenIsRetried() {
        try (FixtureServer server = new FixtureServer(
                FixtureServer.status(429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After", "0"),
                FixtureServer.sse("openai/text.sse"))) {
            List<ModelEvent> events = stream(openAi(server, FAST_RETRIES));
            assertEquals(2, server.requests().size());
            assertEquals(3, events.size(), "one clean answer, nothing from the failed attempt");
        }
    }

    @Test
    void a500BeforeTheFirstTokenIsRetried() {
        try (FixtureServer server = new FixtureServer(FixtureServer.status(500, "oops"),
                FixtureServer.status(503, "oops"), FixtureServer.sse("anthropic/text.sse"))) {
            ModelConfig c = AnthropicModelTest.config(server.baseUrl(), false).withResilience(FAST_RETRIES);
            LanguageModel model = new GuardedModel(new AnthropicModel(c, Providers.httpClient(c)), "anthropic",
                    new FaultPolicy(c.name(), FAST_RETRIES, clock));
            List<ModelEvent> events = stream(model);
            assertEquals(3, server.requests().size());
            assertInstanceOf(ModelEvent.Finish.class, events.getLast());
        }
    }

    @Test
    void anOverloadedEventBeforeTheFirstTokenIsRetried() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("anthropic/overloaded.sse"),
                FixtureServer.sse("anthropic/text.sse"))) {
            ModelConfig c = AnthropicModelTest.config(server.baseUrl(), false);
            LanguageModel model = new GuardedModel(new AnthropicModel(c, Providers.httpClient(c)), "anthropic",
                    new FaultPolicy(c.name(), FAST_RETRIES, clock));
            assertEquals(3, stream(model).size());
            assertEquals(2, server.requests().size());
        }
    }

    @Test
    void aClientErrorIsNotRetried() {
        try (FixtureServer server = new FixtureServer(FixtureServer.status(400, "{\"error\":{\"message\":\"bad\"}}"))) {
            GuardedModel model = openAi(server, FAST_RETRIES);
            assertThrows(ModelException.class, () -> stream(model));
            assertEquals(1, server.requests().size());
            assertEquals(FaultPolicy.State.CLOSED, state(model));
        }
    }

    @Test
    void silenceBeforeTheFirstByteTimesOutAndIsRetried() {
        try (FixtureServer server = new FixtureServer(FixtureServer.stall("openai/text.sse", 0),
                FixtureServer.sse("openai/text.sse"))) {
            long start = System.nanoTime();
            List<ModelEvent> events = stream(openAi(server, FAST_RETRIES, Duration.ofMillis(300), Duration.ofSeconds(2)));
            assertEquals(3, events.size());
            assertEquals(2, server.requests().size());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "timed out promptly");
        }
    }

    @Test
    void silenceBetweenChunksFailsAndIsNotRetriedOnceTokensFlowed() {
        try (FixtureServer server = new FixtureServer(FixtureServer.stall("openai/text.sse", 2))) {
            GuardedModel model = openAi(server, FAST_RETRIES, Duration.ofSeconds(2), Duration.ofMillis(300));
            List<ModelEvent> events = new ArrayList<>();
            long start = System.nanoTime();
            ModelException e = assertThrows(ModelException.class,
                    () -> model.stream(HELLO, new AbortSignal(), events::add));
            long elapsed = System.nanoTime() - start;
            assertTrue(e.getMessage().contains("between chunks"), e.getMessage());
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(250) && elapsed < TimeUnit.SECONDS.toNanos(2),
                    "elapsed " + elapsed / 1_000_000 + " ms");
            assertEquals(List.of(new ModelEvent.TextDelta("Hello")), events);
            assertEquals(1, server.requests().size(), "no retry after the first token");
        }
    }

    @Test
    void aFailureAfterTheFirstTokenIsNotRetriedAndBecomesAnErrorChunk() {
        try (FixtureServer server = new FixtureServer(FixtureServer.truncated("openai/text.sse", 2),
                FixtureServer.sse("openai/text.sse"))) {
            ChunkSequence chunks = new ChunkSequence();
            StreamResult result = openAi(server, FAST_RETRIES).streamText(StreamRequest.builder()
                    .messages(List.of(UIMessage.user("u1", "Hi"))).build(), chunks);
            assertEquals(1, server.requests().size());
            chunks.assertValid();
            assertEquals(List.of("start", "start-step", "text-start", "text-delta", "text-end", "finish-step",
                    "error", "finish"), chunks.types());
            assertTrue(chunks.all(UIMessageChunk.Error.class).getFirst().errorText().contains("gpt"));
            assertEquals(FinishReason.ERROR, result.finishReason());
            assertEquals("Hello", result.message().text(), "the partial answer stays in the message");
        }
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndClosesAfterASuccessfulTrial() {
        Resilience breaker = new Resilience(2, Duration.ofMillis(1), Duration.ofMillis(5), 4, Duration.ofSeconds(30));
        try (FixtureServer server = new FixtureServer(FixtureServer.status(500, "down"), FixtureServer.status(500, "down"),
                FixtureServer.status(500, "down"), FixtureServer.status(500, "down"), FixtureServer.sse("openai/text.sse"))) {
            GuardedModel model = openAi(server, breaker);
            assertThrows(ModelException.class, () -> stream(model));
            assertEquals(FaultPolicy.State.CLOSED, state(model));
            assertThrows(ModelException.class, () -> stream(model));
            assertEquals(4, server.requests().size());
            assertEquals(FaultPolicy.State.OPEN, state(model));

            ModelException open = assertThrows(ModelException.class, () -> stream(model));
            assertTrue(open.getMessage().contains("circuit open"), open.getMessage());
            assertEquals(4, server.requests().size(), "an open circuit does not call the provider");

            now.set(now.get().plusSeconds(31));
            assertEquals(FaultPolicy.State.HALF_OPEN, state(model));
            assertEquals(3, stream(model).size());
            assertEquals(FaultPolicy.State.CLOSED, state(model));
        }
    }

    @Test
    void abortClosesARunningStreamAtOnce() throws Exception {
        try (FixtureServer server = new FixtureServer(FixtureServer.thenWaitForHangUp("openai/text.sse", 2))) {
            GuardedModel model = openAi(server, FAST_RETRIES, Duration.ofSeconds(30), Duration.ofSeconds(30));
            AbortSignal abort = new AbortSignal();
            List<ModelEvent> events = new ArrayList<>();
            long[] abortedAt = new long[1];
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> model.stream(HELLO, abort, e -> {
                events.add(e);
                CompletableFuture.runAsync(() -> {
                    sleep(100);
                    abortedAt[0] = System.nanoTime();
                    abort.abort();
                });
            }));
            call.get(5, TimeUnit.SECONDS);
            long returnedAfter = System.nanoTime() - abortedAt[0];
            assertTrue(returnedAfter < TimeUnit.SECONDS.toNanos(1), "returned " + returnedAfter / 1e6 + " ms after abort");
            assertEquals(List.of(new ModelEvent.TextDelta("Hello")), events, "no finish after an abort");
            assertTrue(server.sawClientHangUp(Duration.ofSeconds(3)), "the provider saw the connection close");
            assertEquals(1, server.requests().size());
        }
    }

    @Test
    void abortBeforeTheResponseCancelsTheRequest() throws Exception {
        try (FixtureServer server = new FixtureServer(FixtureServer.noAnswer())) {
            GuardedModel model = openAi(server, FAST_RETRIES, Duration.ofSeconds(30), Duration.ofSeconds(30));
            AbortSignal abort = new AbortSignal();
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> model.stream(HELLO, abort, e -> { }));
            sleep(200);
            long start = System.nanoTime();
            abort.abort();
            call.get(5, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "the request was not cancelled");
        }
    }

    @Test
    void anAbortedTurnEndsWithAbort() throws Exception {
        try (FixtureServer server = new FixtureServer(FixtureServer.thenWaitForHangUp("openai/text.sse", 3))) {
            GuardedModel model = openAi(server, FAST_RETRIES, Duration.ofSeconds(30), Duration.ofSeconds(30));
            AbortSignal abort = new AbortSignal();
            ChunkSequence chunks = new ChunkSequence();
            StreamRequest request = StreamRequest.builder().messages(List.of(UIMessage.user("u1", "Hi")))
                    .abortOn(abort).build();
            CompletableFuture<StreamResult> turn = CompletableFuture.supplyAsync(() -> model.streamText(request, c -> {
                chunks.accept(c);
                if (c instanceof UIMessageChunk.TextDelta) {
                    CompletableFuture.runAsync(() -> {
                        sleep(50);
                        abort.abort();
                    });
                }
            }));
            StreamResult result = turn.get(5, TimeUnit.SECONDS);
            chunks.assertValid();
            assertEquals("abort", chunks.types().getLast());
            assertTrue(result.aborted());
            assertNull(result.finishReason());
            assertEquals("Hello, world", result.message().text());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
