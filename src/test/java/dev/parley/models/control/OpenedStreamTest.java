package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Models;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import dev.parley.models.entity.ProviderUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.parley.models.control.OpenAiChatModelTest.HELLO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two phases of a provider call: what fails before the first event is retryable, nothing after it is. */
class OpenedStreamTest {

    private static OpenAiChatModel model(FixtureServer server) {
        ModelConfig c = OpenAiChatModelTest.config(ProviderKind.OPENAI, server.baseUrl());
        return new OpenAiChatModel(c, Providers.httpClient(c));
    }

    @Test
    void openingHoldsTheFirstEventBackUntilForwarded() {
        try (FixtureServer server = new FixtureServer(FixtureServer.sse("openai/text.sse"));
             OpenedStream stream = model(server).open(HELLO, new AbortSignal())) {
            List<ModelEvent> events = new ArrayList<>();
            stream.forward(events::add);
            assertEquals(new ModelEvent.TextDelta("Hello"), events.getFirst());
            assertInstanceOf(ModelEvent.Finish.class, events.getLast());
            assertEquals(3, events.size());
        }
    }

    @Test
    void aTransientFailureBeforeTheFirstEventIsProviderUnavailable() {
        try (FixtureServer server = new FixtureServer(FixtureServer.status(503, "busy"))) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class,
                    () -> model(server).open(HELLO, new AbortSignal()));
            assertEquals(503, e.status());
        }
    }

    @Test
    void aClientErrorIsNotProviderUnavailable() {
        try (FixtureServer server = new FixtureServer(FixtureServer.status(401, "{\"error\":{\"message\":\"bad key\"}}"))) {
            ModelException e = assertThrows(ModelException.class, () -> model(server).open(HELLO, new AbortSignal()));
            assertFalse(e instanceof ProviderUnavailableException);
            assertTrue(e.getMessage().contains("bad key"), e.getMessage());
        }
    }

    @Test
    void aFailureAfterTheFirstEventIsAPlainModelException() {
        try (FixtureServer server = new FixtureServer(FixtureServer.truncated("openai/text.sse", 2));
             OpenedStream stream = model(server).open(HELLO, new AbortSignal())) {
            List<ModelEvent> events = new ArrayList<>();
            ModelException e = assertThrows(ModelException.class, () -> stream.forward(events::add));
            assertFalse(e instanceof ProviderUnavailableException, "never retried: " + e);
            assertEquals(List.of(new ModelEvent.TextDelta("Hello")), events);
        }
    }
}
