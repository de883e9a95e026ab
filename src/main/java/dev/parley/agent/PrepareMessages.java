package dev.parley.agent;

import dev.parley.agent.model.ModelMessage;

import java.util.List;

/** Rewrites the messages right before each model call of a turn ({@code step} counts from 0), e.g. to trim them. */
@FunctionalInterface
public interface PrepareMessages {
    List<ModelMessage> prepare(int step, List<ModelMessage> messages);
}
