package dev.parley.console.boundary;

import dev.parley.audit.boundary.Audited;
import dev.parley.audit.control.AuditContext;
import dev.parley.audit.entity.AuditAction;
import dev.parley.auth.control.Environments;
import dev.parley.auth.control.KeyRing;
import dev.parley.auth.entity.ApiKey;
import dev.parley.auth.entity.Environment;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.sessions.entity.SessionView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Environments and their secret keys. A new key's secret is in the response that creates it and nowhere else
 * afterwards. The last active key of an environment cannot be revoked: it signs the environment's session tokens.
 */
@Path("console/api/environments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentsConsoleResource {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    @Inject
    Environments environments;

    @Inject
    KeyRing keyRing;

    @Inject
    AuditContext audit;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @Transactional
    @GET
    @Allowed(ConsoleRole.VIEWER)
    public String list() {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (Environment e : environments.all()) {
            JsonArrayBuilder keys = Json.createArrayBuilder();
            keys(e).forEach(k -> keys.add(key(k)));
            data.add(Json.createObjectBuilder().add("id", e.id()).add("slug", e.slug()).add("name", e.name())
                    .add("createdAt", SessionView.iso(e.createdAt())).add("keys", keys));
        }
        return Json.createObjectBuilder().add("data", data).build().toString();
    }

    @POST
    @Allowed(ConsoleRole.ADMIN)
    @Audited(AuditAction.ENVIRONMENT_CREATE)
    @Transactional
    public Response create(InputStream body, @HeaderParam("Content-Type") String contentType) {
        JsonObject json = Bodies.readObject(body, Bodies.SMALL_CAP);
        Bodies.requireJsonContentType(contentType);
        String slug = json.get("slug") instanceof JsonString s ? s.getString() : "";
        audit.target(slug.length() > 64 ? slug.substring(0, 64) : slug);
        if (!SLUG.matcher(slug).matches()) {
            throw ApiException.badRequest("slug must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit");
        }
        String name = json.get("name") instanceof JsonString n ? n.getString().strip() : slug;
        if (name.isEmpty() || name.length() > 200) {
            throw ApiException.badRequest("name must be 1 to 200 characters");
        }
        Bodies.requireStorable("name", name);
        if (environments.bySlug(slug).isPresent()) {
            throw ApiException.of(409, "An environment with this slug exists");
        }
        Environment env = environments.create(slug, name);
        Environments.IssuedKey issued = environments.issueKey(env, null);
        audit.detail("environmentId", env.id()).detail("name", name).detail("key", issued.key().id());
        return Response.status(201).entity(Json.createObjectBuilder().add("id", env.id()).add("slug", env.slug())
                .add("name", env.name()).add("key", key(issued.key()).add("secret", issued.secret())).build().toString())
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{slug}/keys")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.KEY_CREATE, target = "slug")
    @Transactional
    public Response issue(@PathParam("slug") String slug) {
        audit.detail("environment", slug);
        Environments.IssuedKey issued = environments.issueKey(environment(slug), null);
        audit.target(issued.key().id());
        audit.detail("hint", issued.key().keyHint());
        return Response.status(201).entity(key(issued.key()).add("secret", issued.secret()).build().toString())
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{slug}/keys/{key}/revoke")
    @Allowed(ConsoleRole.ADMIN)
    @Audited(value = AuditAction.KEY_REVOKE, target = "key")
    @Transactional
    public String revoke(@PathParam("slug") String slug, @PathParam("key") String keyId) {
        audit.detail("environment", slug);
        Environment env = environment(slug);
        List<ApiKey> keys = keys(env);
        ApiKey key = keys.stream().filter(k -> k.id().equals(keyId)).findFirst().orElseThrow(ApiException::notFound);
        if (!key.revoked() && keys.stream().filter(k -> !k.revoked()).count() == 1) {
            throw ApiException.of(409, "The last active key of an environment cannot be revoked; issue another first");
        }
        audit.detail("wasRevoked", key.revoked());
        key.revoke();
        em.flush();
        keyRing.forget(env.id());
        return key(key).build().toString();
    }

    private Environment environment(String slug) {
        return environments.bySlug(slug == null ? "" : slug).orElseThrow(ApiException::notFound);
    }

    private List<ApiKey> keys(Environment e) {
        return em.createQuery("select k from ApiKey k where k.environmentId = :env order by k.createdAt", ApiKey.class)
                .setParameter("env", e.id()).getResultList();
    }

    private static JsonObjectBuilder key(ApiKey k) {
        return Json.createObjectBuilder().add("id", k.id()).add("hint", k.keyHint())
                .add("createdAt", SessionView.iso(k.createdAt()))
                .add("revoked", k.revoked());
    }
}
