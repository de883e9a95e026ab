package dev.parley.audit.control;

import dev.parley.audit.entity.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one request knows about the admin action it performs, for its audit row: the actor (set by the console's
 * authentication filter, or by a sign-in route before it checks anything), the target when the route learns it only
 * while it runs (a new key's id, a session addressed by its external id), and a small detail object.
 */
@RequestScoped
public class AuditContext {

    private Actor actor;
    private String target;
    private final Map<String, JsonValue> detail = new LinkedHashMap<>();

    public Actor actor() {
        return actor;
    }

    public void actor(Actor actor) {
        this.actor = actor;
    }

    public String target() {
        return target;
    }

    public void target(String target) {
        this.target = target;
    }

    public AuditContext detail(String key, String value) {
        detail.put(key, value == null ? JsonValue.NULL : Json.createValue(value));
        return this;
    }

    public AuditContext detail(String key, long value) {
        detail.put(key, Json.createValue(value));
        return this;
    }

    public AuditContext detail(String key, boolean value) {
        detail.put(key, value ? JsonValue.TRUE : JsonValue.FALSE);
        return this;
    }

    public JsonObject detail() {
        var b = Json.createObjectBuilder();
        detail.forEach(b::add);
        return b.build();
    }
}
