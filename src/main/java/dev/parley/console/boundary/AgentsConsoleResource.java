package dev.parley.console.boundary;

import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.model.Usage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import dev.parley.console.control.RunCounts;
import dev.parley.console.control.UsageByAgent;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.sessions.control.SessionUsage;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every deployed agent: its configuration, its hooks, its prompts' versions (and models) and how many open sessions it has
 * in each live run state.
 */
@Path("console/api/agents")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(ConsoleRole.VIEWER)
public class AgentsConsoleResource {

    private static final List<String> LIVE = List.of("PENDING", "BOOTING", "STREAMING", "WAITING", "SUSPENDED");

    @Inject
    AgentRegistry registry;

    @Inject
    RunCounts counts;

    @Inject
    PromptCatalog prompts;

    @Inject
    UsageByAgent usage;

    @GET
    public String list() {
        Map<String, Map<String, Long>> live = counts.byAgent();
        Map<String, Usage> spent = usage.totals();
        JsonArrayBuilder data = Json.createArrayBuilder();
        registry.all().stream().sorted(Comparator.comparing(AgentDescriptor::id))
                .forEach(d -> data.add(view(d, live.getOrDefault(d.id(), Map.of())).add("prompts", prompts(d))
                        .add("usage", SessionUsage.json(spent.getOrDefault(d.id(), Usage.ZERO)))));
        return Json.createObjectBuilder().add("data", data).build().toString();
    }

    /** The prompts the agent names, each with its versions, their models and whether the console overrides them. */
    private JsonArrayBuilder prompts(AgentDescriptor d) {
        Map<String, TreeMap<Integer, Prompt>> all = prompts.all();
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (String name : d.config().prompts()) {
            JsonArrayBuilder versions = Json.createArrayBuilder();
            all.getOrDefault(name, new TreeMap<>()).descendingMap().values().forEach(p -> {
                Prompt effective = prompts.effective(p);
                versions.add(Json.createObjectBuilder().add("version", p.version())
                        .add("model", effective.model() == null ? JsonValue.NULL : Json.createValue(effective.model()))
                        .add("overridden", effective != p));
            });
            out.add(Json.createObjectBuilder().add("name", name).add("versions", versions));
        }
        return out;
    }

    private static JsonObjectBuilder view(AgentDescriptor d, Map<String, Long> live) {
        ChatAgent c = d.config();
        JsonObjectBuilder config = Json.createObjectBuilder()
                .add("idleTimeoutSeconds", c.idleTimeoutSeconds())
                .add("maxTurns", c.maxTurns())
                .add("turnTimeoutSeconds", c.turnTimeoutSeconds())
                .add("suspendedTimeoutSeconds", c.suspendedTimeoutSeconds())
                .add("steering", c.steering())
                .add("resumesAcrossVersions", c.resumesAcrossVersions())
                .add("clientData", c.clientData() == Void.class ? "raw JSON" : c.clientData().getName())
                .add("actions", c.actions() == Void.class ? "raw JSON" : c.actions().getName());
        JsonObjectBuilder hooks = Json.createObjectBuilder();
        for (Hook h : Hook.values()) {
            List<Method> methods = d.hooks(h);
            if (!methods.isEmpty()) {
                JsonArrayBuilder names = Json.createArrayBuilder();
                methods.forEach(m -> names.add(m.getName()));
                hooks.add(h.name(), names);
            }
        }
        JsonObjectBuilder counts = Json.createObjectBuilder();
        LIVE.forEach(s -> counts.add(s.toLowerCase(), live.getOrDefault(s, 0L)));
        return Json.createObjectBuilder().add("id", d.id()).add("class", d.type().getName())
                .add("config", config).add("hooks", hooks).add("sessions", counts);
    }
}
