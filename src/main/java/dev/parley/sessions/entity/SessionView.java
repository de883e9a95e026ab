package dev.parley.sessions.entity;

import dev.parley.platform.Bodies;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The wire shape of a session ({@code SessionItem}, wire rule W5). Every nullable key is always present — the official
 * client's schema requires the keys, not just the values.
 */
public final class SessionView {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private SessionView() {
    }

    public static JsonObjectBuilder item(Session s, boolean withTriggerConfig) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", s.friendlyId())
                .add("externalId", nullable(s.externalId()))
                .add("type", s.type())
                .add("taskIdentifier", s.taskIdentifier());
        if (withTriggerConfig) {
            b.add("triggerConfig", Bodies.parse(s.triggerConfig()));
        }
        SessionRun run = s.currentRun();
        JsonArrayBuilder tags = Json.createArrayBuilder();
        s.tags().forEach(tags::add);
        return b.add("currentRunId", run == null ? JsonValue.NULL : Json.createValue(run.friendlyId()))
                .add("tags", tags)
                .add("metadata", s.metadata() == null ? JsonValue.NULL : Bodies.parse(s.metadata()))
                .add("closedAt", date(s.closedAt()))
                .add("closedReason", nullable(s.closedReason()))
                .add("expiresAt", date(s.expiresAt()))
                .add("createdAt", date(s.createdAt()))
                .add("updatedAt", date(s.updatedAt()));
    }

    /** {@code CreatedSessionResponseBody}: the item plus runId, publicAccessToken and isCached. */
    public static String created(Session s, SessionRun run, String token, boolean cached) {
        return item(s, true)
                .add("currentRunId", run.friendlyId())
                .add("runId", run.friendlyId())
                .add("publicAccessToken", token)
                .add("isCached", cached)
                .build().toString();
    }

    public static String iso(Instant t) {
        return ISO_MILLIS.format(t);
    }

    private static JsonValue date(Instant t) {
        return t == null ? JsonValue.NULL : Json.createValue(iso(t));
    }

    private static JsonValue nullable(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }
}
