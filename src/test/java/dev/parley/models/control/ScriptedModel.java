package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A demo model that answers call n with the n-th script (the last one repeats) and records every request. */
final class ScriptedModel implements LanguageModel {

    final List<ModelRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<List<ModelEvent>> replies;
    private final DemoModel demo;

    @SafeVarargs
    ScriptedModel(List<ModelEvent>... replies) {
        this.replies = List.of(replies);
        this.demo = DemoModel.scripted("scripted", this::next);
    }

    private List<ModelEvent> next(ModelRequest request) {
        requests.add(request);
        return replies.get(Math.min(requests.size() - 1, replies.size() - 1));
    }

    @Override
    public String name() {
        return demo.name();
    }

    @Override
    public void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        demo.stream(request, abort, events);
    }

    static List<ModelEvent> text(String text, long in, long out) {
        List<ModelEvent> events = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            events.add(new ModelEvent.TextDelta(word));
        }
        events.add(new ModelEvent.Finish(FinishReason.STOP, Usage.of(in, out)));
        return events;
    }

    static List<ModelEvent> toolCall(String id, String name, String... argumentPieces) {
        List<ModelEvent> events = new ArrayList<>();
        events.add(new ModelEvent.ToolCallStart(id, name));
        for (String piece : argumentPieces) {
            events.add(new ModelEvent.ToolCallDelta(id, piece));
        }
        events.add(new ModelEvent.ToolCallEnd(id));
        events.add(new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(10, 5)));
        return events;
    }
}
