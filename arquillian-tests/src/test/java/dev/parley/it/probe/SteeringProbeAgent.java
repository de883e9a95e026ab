package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import jakarta.json.Json;

import java.util.List;

/**
 * Test deployments only: a steering agent whose model first calls a slow tool (a step boundary to steer at), then
 * answers with how many user messages it was given.
 */
@ChatAgent(id = "it-steer", idleTimeoutSeconds = 5, steering = true)
public class SteeringProbeAgent implements Agent {

    public record Query(String q) {
    }

    private final Tool slow = Tool.of("slowLookup", "Takes a while", Query.class, (q, ctx) -> {
        Thread.sleep(2_000);
        return Json.createObjectBuilder().add("found", true).build();
    });

    private final DemoModel model = DemoModel.scripted("it-steer", SteeringProbeAgent::script);

    @Override
    public void run(Turn turn) {
        turn.stream(model, StreamRequest.builder().tools(slow));
    }

    static List<ModelEvent> script(ModelRequest request) {
        boolean toolDone = request.messages().stream().anyMatch(m -> m instanceof ModelMessage.ToolResults);
        if (!toolDone) {
            return List.of(new ModelEvent.ToolCallStart("c1", "slowLookup"), new ModelEvent.ToolCallDelta("c1", "{\"q\":\"x\"}"),
                    new ModelEvent.ToolCallEnd("c1"), new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(1, 1)));
        }
        long users = request.messages().stream().filter(m -> m instanceof ModelMessage.User).count();
        return List.of(new ModelEvent.TextDelta("users=" + users), new ModelEvent.Finish(FinishReason.STOP, Usage.of(1, 1)));
    }
}
