package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import jakarta.json.Json;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test deployments only: a parent agent whose model hands every message to a {@code research} tool that is the child
 * agent, and the child, whose answers fail on demand ("flaky": the first answer of a chat fails; "broken": every one).
 */
public final class SubAgentProbes {

    private SubAgentProbes() {
    }

    @ChatAgent(id = "it-parent", idleTimeoutSeconds = 5)
    public static class Parent implements Agent {

        private final DemoModel model = DemoModel.scripted("it-parent", Parent::script);

        @Override
        public void run(Turn turn) {
            turn.stream(model, StreamRequest.builder().tools(turn.agentTool("research", "Asks the research agent", "it-child")));
        }

        static List<ModelEvent> script(ModelRequest request) {
            ModelMessage last = request.messages().getLast();
            if (last instanceof ModelMessage.ToolResults results) {
                Content.ToolResult r = results.results().getFirst();
                String said = r.error() ? "research failed: " + r.output() : "research says: " + r.output().asJsonObject().getString("text");
                return List.of(new ModelEvent.TextDelta(said), new ModelEvent.Finish(FinishReason.STOP, Usage.of(1, 1)));
            }
            String task = last instanceof ModelMessage.User u ? u.content().stream()
                    .map(c -> c instanceof Content.Text t ? t.text() : "").reduce("", String::concat) : "";
            String id = "call_" + request.messages().size();
            return List.of(new ModelEvent.ToolCallStart(id, "research"),
                    new ModelEvent.ToolCallDelta(id, Json.createObjectBuilder().add("task", task).build().toString()),
                    new ModelEvent.ToolCallEnd(id), new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(1, 1)));
        }
    }

    @ChatAgent(id = "it-child", idleTimeoutSeconds = 5)
    public static class Child implements Agent {

        static final Map<String, AtomicInteger> ANSWERS = new ConcurrentHashMap<>();

        @Override
        public void run(Turn turn) throws InterruptedException {
            String task = turn.lastUserText();
            int n = ANSWERS.computeIfAbsent(turn.chatId(), k -> new AtomicInteger()).incrementAndGet();
            if (task.contains("broken") || (task.contains("flaky") && n == 1)) {
                throw new IllegalStateException("the child failed answer " + n);
            }
            int words = task.contains("slow") ? 200 : 12;
            try (Turn.TextWriter text = turn.text()) {
                for (int i = 0; i < words && !turn.stopped(); i++) {
                    String w = (i == 0 ? "child answer " + n + " to '" + task + "':" : "") + " c" + i;
                    text.append(w);
                    Thread.sleep(20);
                }
            }
        }
    }
}
