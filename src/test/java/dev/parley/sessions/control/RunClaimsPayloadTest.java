package dev.parley.sessions.control;

import dev.parley.sessions.entity.RunReason;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRun;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RunClaimsPayloadTest {

    private static final JsonObject BASE_PAYLOAD = Json.createObjectBuilder()
            .add("messages", Json.createArrayBuilder())
            .add("trigger", "preload")
            .add("chatId", "c")
            .add("message", Json.createObjectBuilder().add("role", "user").add("text", "hi"))
            .build();

    private static Session session(JsonObject triggerConfig) {
        return new Session("s1", "env1", "chat-1", "chat.agent", "my-task", triggerConfig.toString(), List.of(), null, null);
    }

    private static Session session() {
        return session(Json.createObjectBuilder().add("basePayload", BASE_PAYLOAD).add("idleTimeoutInSeconds", 30).build());
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void firstRunKeepsTheBasePayloadAndAddsSessionIdAndIdleTimeout() {
        Session s = session();
        JsonObject p = parse(RunClaims.payload(s, null));
        JsonObject expected = Json.createObjectBuilder(BASE_PAYLOAD)
                .add("idleTimeoutInSeconds", 30).add("sessionId", "session_s1").build();
        assertEquals(expected, p);
        assertEquals(s.friendlyId(), p.getString("sessionId"));
    }

    @Test
    void firstRunWithoutIdleTimeoutOmitsIt() {
        JsonObject p = parse(RunClaims.payload(session(Json.createObjectBuilder().add("basePayload", BASE_PAYLOAD).build()), null));
        assertFalse(p.containsKey("idleTimeoutInSeconds"));
        assertEquals("session_s1", p.getString("sessionId"));
    }

    @Test
    void maxDurationTravelsWithEveryRunOfTheSession() {
        Session s = session(Json.createObjectBuilder().add("basePayload", BASE_PAYLOAD).add("maxDuration", 90).build());
        assertEquals(90, parse(RunClaims.payload(s, null)).getInt("maxDuration"));
        SessionRun previous = new SessionRun("r1", s.id(), RunReason.INITIAL, null, "{}");
        assertEquals(90, parse(RunClaims.payload(s, previous)).getInt("maxDuration"), "a continuation gets a fresh budget of the same size");
    }

    @Test
    void continuationDropsTheFirstMessageAndNamesThePreviousRun() {
        Session s = session();
        SessionRun previous = new SessionRun("r1", s.id(), RunReason.INITIAL, null, "{}");
        JsonObject p = parse(RunClaims.payload(s, previous));
        assertEquals(Set.of("chatId", "idleTimeoutInSeconds", "sessionId", "continuation", "previousRunId"), p.keySet());
        assertEquals("c", p.getString("chatId"));
        assertEquals(30, p.getInt("idleTimeoutInSeconds"));
        assertEquals("session_s1", p.getString("sessionId"));
        assertEquals(true, p.getBoolean("continuation"));
        assertEquals(previous.friendlyId(), p.getString("previousRunId"));
        assertEquals("run_r1", p.getString("previousRunId"));
    }

    @Test
    void sessionIdOverridesAnySessionIdInTheBasePayload() {
        JsonObject base = Json.createObjectBuilder(BASE_PAYLOAD).add("sessionId", "spoofed").build();
        JsonObject p = parse(RunClaims.payload(session(Json.createObjectBuilder().add("basePayload", base).build()), null));
        assertEquals("session_s1", p.getString("sessionId"));
    }
}
