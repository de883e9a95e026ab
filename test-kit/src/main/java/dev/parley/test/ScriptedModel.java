package dev.parley.test;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link LanguageModel} that answers from a script: each model call takes the next {@link Reply}, in order. The
 * agent's tool loop runs unchanged on top of it, so a reply with tool calls makes the loop run the tools and call the
 * model again for the next reply. Every request is kept for assertions ({@link #requests()}). A call with no reply
 * left fails like a provider would, naming the call.
 */
public final class ScriptedModel implements LanguageModel {

    private final String name;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<ModelRequest> requests = new ArrayList<>();

    private ScriptedModel(String name) {
        this.name = name;
    }

    /** A scripted model configured as {@code default}. */
    public static ScriptedModel create() {
        return named("default");
    }

    public static ScriptedModel named(String name) {
        return new ScriptedModel(name);
    }

    /** Adds replies, answered one per model call. */
    public synchronized ScriptedModel reply(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    /** The requests the model received, oldest first. */
    public synchronized List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many scripted replies were not asked for. */
    public synchronized int unused() {
        return replies.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        Reply reply;
        synchronized (this) {
            requests.add(request);
            reply = replies.poll();
        }
        if (reply == null) {
            throw ModelException.fatal(name, "the script has no reply for model call " + requests().size());
        }
        reply.play(name, abort, events);
    }

    /**
     * One model call's answer: text, reasoning, tool calls, pauses and how it ends. Built fluently, e.g.
     * {@code Reply.text("Checking.").toolCall("call_1", "weather", "{\"city\":\"Oslo\"}")}; a reply with tool calls
     * finishes with {@code tool-calls}, any other with {@code stop}, unless {@link #finish} says otherwise.
     */
    public static final class Reply {
        private final List<Step> steps = new ArrayList<>();
        private FinishReason finish;
        private boolean toolCalls;

        private sealed interface Step {
        }

        private record Event(ModelEvent event) implements Step {
        }

        private record Pause(Duration length) implements Step {
        }

        private record Failure(String message) implements Step {
        }

        private record Happening(Runnable action) implements Step {
        }

        public static Reply text(String text) {
            return new Reply().thenText(text);
        }

        public static Reply reasoning(String text) {
            return new Reply().thenReasoning(text);
        }

        public static Reply toolCall(String id, String tool, String argumentsJson) {
            return new Reply().thenToolCall(id, tool, argumentsJson);
        }

        /** A provider failure (an HTTP 500, a refused key) before anything streams. */
        public static Reply error(String message) {
            return new Reply().thenError(message);
        }

        /** Text streamed word by word, as providers stream it. */
        public Reply thenText(String text) {
            for (String word : text.split("(?<= )")) {
                steps.add(new Event(new ModelEvent.TextDelta(word)));
            }
            return this;
        }

        public Reply thenReasoning(String text) {
            steps.add(new Event(new ModelEvent.ReasoningDelta(text)));
            return this;
        }

        public Reply thenToolCall(String id, String tool, String argumentsJson) {
            steps.add(new Event(new ModelEvent.ToolCallStart(id, tool)));
            steps.add(new Event(new ModelEvent.ToolCallDelta(id, argumentsJson)));
            steps.add(new Event(new ModelEvent.ToolCallEnd(id)));
            toolCalls = true;
            return this;
        }

        /** A pause in the stream (a slow provider); a stop or a turn timeout ends it at once. */
        public Reply thenDelay(Duration length) {
            steps.add(new Pause(length));
            return this;
        }

        /** The stream breaks here with a provider failure. */
        public Reply thenError(String message) {
            steps.add(new Failure(message));
            return this;
        }

        /** Runs {@code action} at this point of the stream: something that happens mid-turn (the lease is lost …). */
        public Reply thenRun(Runnable action) {
            steps.add(new Happening(action));
            return this;
        }

        public Reply finish(FinishReason reason) {
            this.finish = reason;
            return this;
        }

        void play(String model, AbortSignal abort, Consumer<ModelEvent> events) {
            for (Step step : steps) {
                if (abort.aborted()) {
                    return;
                }
                switch (step) {
                    case Event e -> events.accept(e.event());
                    case Pause p -> abort.await(p.length());
                    case Failure f -> throw ModelException.fatal(model, f.message());
                    case Happening h -> h.action().run();
                }
            }
            if (!abort.aborted()) {
                FinishReason reason = finish != null ? finish : toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
                events.accept(new ModelEvent.Finish(reason, Usage.of(1, steps.size())));
            }
        }
    }
}
