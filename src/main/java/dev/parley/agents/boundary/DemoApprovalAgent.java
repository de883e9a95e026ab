package dev.parley.agents.boundary;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.DemoModel;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import jakarta.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * A demo of human-in-the-loop tools: every message is turned into a {@code sendEmail} call that needs the user's
 * approval. The turn ends with the approval request; approving runs the tool and the answer reports it, denying
 * reports that nothing was sent. A message asking "where am I" calls {@code getLocation} instead, a client-side tool:
 * the browser answers it and the turn goes on with its result. Survives reloads and restarts like any chat.
 */
@ChatAgent(id = "demo-approval")
public class DemoApprovalAgent implements Agent {

    /** The tool's input. */
    public record Email(String to, String body) {
    }

    private final Tool sendEmail = Tool.of("sendEmail", "Sends an email to the team (needs the user's approval)",
            Email.class, (email, ctx) -> Json.createObjectBuilder().add("sent", true).add("to", email.to()).build())
            .needsApproval();

    private final Tool getLocation = Tool.clientSide("getLocation", "Asks the user's browser where it is",
            Json.createObjectBuilder().add("type", "object").add("properties", Json.createObjectBuilder()).build());

    private final DemoModel model = DemoModel.scripted("demo-approval", DemoApprovalAgent::script);

    @Override
    public void run(Turn turn) {
        turn.stream(model, StreamRequest.builder().tools(sendEmail, getLocation));
    }

    static List<ModelEvent> script(ModelRequest request) {
        ModelMessage last = request.messages().isEmpty() ? null : request.messages().getLast();
        if (last instanceof ModelMessage.ToolResults results) {
            Content.ToolResult r = results.results().getFirst();
            if (r.toolName().equals("getLocation")) {
                String city = r.output() instanceof jakarta.json.JsonObject o ? o.getString("city", "somewhere") : "somewhere";
                return text(r.error() ? "I could not tell where you are." : "You are in " + city + ".");
            }
            return text(r.error() ? "The email was not sent." : "Done: the email was sent.");
        }
        String said = last instanceof ModelMessage.User u ? u.content().stream()
                .map(c -> c instanceof Content.Text t ? t.text() : "").reduce("", String::concat) : "";
        String id = "call_" + request.messages().size();
        if (said.toLowerCase(java.util.Locale.ROOT).contains("where am i")) {
            return List.of(new ModelEvent.ToolCallStart(id, "getLocation"), new ModelEvent.ToolCallDelta(id, "{}"),
                    new ModelEvent.ToolCallEnd(id), new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(1, 1)));
        }
        String args = Json.createObjectBuilder().add("to", "team@example.com").add("body", said).build().toString();
        return List.of(new ModelEvent.ToolCallStart(id, "sendEmail"), new ModelEvent.ToolCallDelta(id, args),
                new ModelEvent.ToolCallEnd(id), new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(1, 1)));
    }

    private static List<ModelEvent> text(String reply) {
        List<ModelEvent> events = new ArrayList<>();
        for (String w : reply.split("(?<= )")) {
            events.add(new ModelEvent.TextDelta(w));
        }
        events.add(new ModelEvent.Finish(FinishReason.STOP, Usage.of(1, events.size())));
        return events;
    }
}
