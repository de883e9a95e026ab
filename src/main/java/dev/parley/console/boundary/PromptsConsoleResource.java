package dev.parley.console.boundary;

import dev.parley.agent.Models;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.models.control.PromptChanges;
import dev.parley.models.entity.PromptChange;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.sessions.entity.SessionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The code-defined prompts with their versions, and the console's overrides of them: text and/or model, audited in
 * {@code prompt_change}, revertible to the code-defined version or to an earlier override.
 */
@Path("console/api/prompts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(ConsoleRole.VIEWER)
public class PromptsConsoleResource {

    static final int TEMPLATE_CAP = 64 * Bodies.KIB;

    @Inject
    PromptCatalog catalog;

    @Inject
    PromptChanges changes;

    @Inject
    AgentRegistry agents;

    @Inject
    Models models;

    @Inject
    AuditContext audit;

    @Context
    HttpServletRequest request;

    @GET
    public String list() {
        List<PromptChange> history = changes.all();
        JsonArrayBuilder data = Json.createArrayBuilder();
        catalog.all().forEach((name, versions) -> data.add(view(name, versions, history)));
        return Json.createObjectBuilder().add("data", data).add("models", names()).build().toString();
    }

    @POST
    @Path("{name}/{version}/override")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(AuditAction.PROMPT_OVERRIDE)
    @Transactional // the prompt_change row and the audit row commit together
    public String override(@PathParam("name") String name, @PathParam("version") int version, InputStream body,
                           @HeaderParam("Content-Type") String contentType) {
        audit.target(name + "@" + version);
        JsonObject json = Bodies.readObject(body, TEMPLATE_CAP + Bodies.KIB);
        Bodies.requireJsonContentType(contentType);
        Prompt defined = defined(name, version);
        Prompt now = catalog.effective(defined);
        String template = now.template();
        if (json.containsKey("template")) {
            if (!(json.get("template") instanceof JsonString t) || t.getString().isBlank()) {
                throw ApiException.badRequest("template must be a non-empty string");
            }
            template = t.getString();
            Bodies.requireStorable("template", template);
            if (template.length() > TEMPLATE_CAP) {
                throw ApiException.badRequest("template must be at most " + TEMPLATE_CAP + " characters");
            }
        }
        String model = now.model();
        if (json.containsKey("model")) {
            JsonValue m = json.get("model");
            if (m.getValueType() == JsonValue.ValueType.NULL) {
                model = null;
            } else if (m instanceof JsonString s && models.names().contains(s.getString())) {
                model = s.getString();
            } else {
                throw ApiException.badRequest("model must be null or one of the configured models " + models.names());
            }
        }
        if (!json.containsKey("template") && !json.containsKey("model")) {
            throw ApiException.badRequest("give template, model or both");
        }
        if (template.equals(now.template()) && Objects.equals(model, now.model())) {
            throw ApiException.of(409, "That is the text and model in force already");
        }
        PromptChange change = changes.append(name, version, "override", template, model, null, actor());
        audit.detail("change", change.id()).detail("templateChars", template.length()).detail("model", model);
        return prompt(name, version);
    }

    @POST
    @Path("{name}/{version}/revert")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(AuditAction.PROMPT_REVERT)
    @Transactional
    public String revert(@PathParam("name") String name, @PathParam("version") int version, InputStream body,
                         @HeaderParam("Content-Type") String contentType) {
        audit.target(name + "@" + version);
        String text = Bodies.readText(body, Bodies.SMALL_CAP);
        JsonObject json = JsonValue.EMPTY_JSON_OBJECT;
        if (!text.isBlank()) {
            Bodies.requireJsonContentType(contentType);
            if (!(Bodies.parse(text) instanceof JsonObject o)) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            json = o;
        }
        defined(name, version);
        JsonValue to = json.getOrDefault("to", JsonValue.NULL);
        if (to.getValueType() == JsonValue.ValueType.NULL) {
            if (changes.current(name, version).map(PromptChange::code).orElse(true)) {
                throw ApiException.of(409, "The code-defined version is in force already");
            }
            audit.detail("change", changes.append(name, version, "revert", null, null, null, actor()).id())
                    .detail("to", "code");
        } else if (to instanceof JsonNumber n && n.isIntegral()) {
            PromptChange earlier = changes.find(name, version, n.longValue()).filter(c -> !c.code())
                    .orElseThrow(() -> ApiException.badRequest("to must name an earlier override of this prompt version"));
            audit.detail("change", changes.append(name, version, "revert", earlier.newTemplate(), earlier.newModel(),
                    earlier.id(), actor()).id()).detail("to", earlier.id());
        } else {
            throw ApiException.badRequest("to must be a change id, or absent for the code-defined version");
        }
        return prompt(name, version);
    }

    private String prompt(String name, int version) {
        Prompt defined = defined(name, version);
        List<PromptChange> history = changes.all();
        return versionView(defined, catalog.effective(defined), history).build().toString();
    }

    private Prompt defined(String name, int version) {
        return catalog.code().find(name, version).orElseThrow(ApiException::notFound);
    }

    private String actor() {
        return ConsoleAuthentication.user(request).subject();
    }

    private JsonArrayBuilder names() {
        JsonArrayBuilder out = Json.createArrayBuilder();
        models.names().stream().sorted().forEach(out::add);
        return out;
    }

    private JsonObjectBuilder view(String name, TreeMap<Integer, Prompt> versions, List<PromptChange> history) {
        JsonArrayBuilder users = Json.createArrayBuilder();
        agents.all().stream().filter(d -> Arrays.asList(d.config().prompts()).contains(name))
                .map(AgentDescriptor::id).sorted().forEach(users::add);
        JsonArrayBuilder vs = Json.createArrayBuilder();
        versions.descendingMap().values().forEach(p -> vs.add(versionView(p, catalog.effective(p), history)));
        return Json.createObjectBuilder().add("name", name).add("latest", versions.lastKey()).add("agents", users)
                .add("versions", vs);
    }

    static JsonObjectBuilder versionView(Prompt defined, Prompt effective, List<PromptChange> history) {
        JsonArrayBuilder variables = Json.createArrayBuilder();
        defined.variables().forEach(variables::add);
        JsonArrayBuilder changes = Json.createArrayBuilder();
        history.stream().filter(c -> c.name().equals(defined.name()) && c.version() == defined.version())
                .forEach(c -> changes.add(change(c)));
        boolean overridden = effective != defined;
        JsonArrayBuilder effectiveVariables = Json.createArrayBuilder();
        effective.variables().forEach(effectiveVariables::add);
        return Json.createObjectBuilder().add("name", defined.name()).add("version", defined.version())
                .add("code", Json.createObjectBuilder().add("template", defined.template())
                        .add("model", nullable(defined.model())).add("variables", variables))
                .add("overridden", overridden)
                .add("effective", Json.createObjectBuilder().add("template", effective.template())
                        .add("model", nullable(effective.model())).add("variables", effectiveVariables))
                .add("history", changes);
    }

    private static JsonObjectBuilder change(PromptChange c) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", c.id()).add("action", c.action())
                .add("actor", c.actor()).add("at", SessionView.iso(c.changedAt()))
                .add("old", Json.createObjectBuilder().add("code", c.oldTemplate() == null)
                        .add("template", nullable(c.oldTemplate())).add("model", nullable(c.oldModel())))
                .add("new", Json.createObjectBuilder().add("code", c.code())
                        .add("template", nullable(c.newTemplate())).add("model", nullable(c.newModel())));
        if (c.revertedTo() != null) {
            b.add("revertedTo", c.revertedTo());
        }
        return b;
    }

    private static JsonValue nullable(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }
}
