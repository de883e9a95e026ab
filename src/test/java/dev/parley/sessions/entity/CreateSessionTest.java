package dev.parley.sessions.entity;

import dev.parley.platform.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateSessionTest {

    private static JsonObjectBuilder triggerConfig() {
        return Json.createObjectBuilder().add("basePayload", Json.createObjectBuilder().add("chatId", "c1"));
    }

    private static JsonObjectBuilder body() {
        return Json.createObjectBuilder().add("type", "chat.agent").add("taskIdentifier", "my-task")
                .add("triggerConfig", triggerConfig());
    }

    private static JsonObject withConfig(Consumer<JsonObjectBuilder> edit) {
        JsonObjectBuilder tc = triggerConfig();
        edit.accept(tc);
        return body().add("triggerConfig", tc).build();
    }

    private static JsonArrayBuilder strings(int count, String prefix) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < count; i++) {
            a.add(prefix + i);
        }
        return a;
    }

    private static ApiException rejected(JsonObject body) {
        ApiException e = assertThrows(ApiException.class, () -> CreateSession.from(body));
        assertEquals(400, e.status());
        assertFalse(e.body().getString("error").isBlank());
        return e;
    }

    @Test
    void acceptsAMinimalBody() {
        CreateSession s = CreateSession.from(body().build());
        assertEquals("chat.agent", s.type());
        assertEquals("my-task", s.taskIdentifier());
        assertNull(s.externalId());
        assertEquals("c1", s.triggerConfig().getJsonObject("basePayload").getString("chatId"));
        assertEquals(List.of(), s.tags());
        assertNull(s.metadata());
        assertNull(s.expiresAt());
    }

    @Test
    void trimsTheExternalId() {
        assertEquals("chat-42", CreateSession.from(body().add("externalId", "  chat-42 \t").build()).externalId());
    }

    @Test
    void rejectsAnExternalIdThatLooksLikeAFriendlyId() {
        ApiException e = rejected(body().add("externalId", "session_abc").build());
        assertTrue(e.body().getString("error").contains("session_"));
    }

    @Test
    void rejectsABlankExternalId() {
        rejected(body().add("externalId", "   ").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "taskIdentifier", "triggerConfig"})
    void rejectsAMissingRequiredField(String field) {
        rejected(Json.createObjectBuilder(body().build()).remove(field).build());
    }

    @Test
    void rejectsAMissingOrNonObjectBasePayload() {
        rejected(body().add("triggerConfig", Json.createObjectBuilder().add("machine", "micro")).build());
        rejected(body().add("triggerConfig", Json.createObjectBuilder().add("basePayload", "text")).build());
    }

    @Test
    void rejectsANonObjectTriggerConfig() {
        rejected(body().add("triggerConfig", "x").build());
    }

    @Test
    void keepsKnownTriggerConfigFieldsAndDropsUnknownOnes() {
        JsonObject tc = CreateSession.from(withConfig(c -> c.add("machine", "small-2x").add("queue", "q1")
                .add("maxAttempts", 3).add("idleTimeoutInSeconds", 30).add("evil", "x").add("payload", 1))).triggerConfig();
        assertEquals(Set.of("basePayload", "machine", "queue", "maxAttempts", "idleTimeoutInSeconds"), tc.keySet());
        assertEquals("small-2x", tc.getString("machine"));
        assertEquals(30, tc.getInt("idleTimeoutInSeconds"));
    }

    @Test
    void validatesTheMachinePreset() {
        assertEquals("large-2x", CreateSession.from(withConfig(c -> c.add("machine", "large-2x"))).triggerConfig().getString("machine"));
        rejected(withConfig(c -> c.add("machine", "huge-9x")));
    }

    @Test
    void idleTimeoutMustBeOneToThreeThousandSixHundredSeconds() {
        assertEquals(1, CreateSession.from(withConfig(c -> c.add("idleTimeoutInSeconds", 1))).triggerConfig().getInt("idleTimeoutInSeconds"));
        assertEquals(3600, CreateSession.from(withConfig(c -> c.add("idleTimeoutInSeconds", 3600))).triggerConfig().getInt("idleTimeoutInSeconds"));
        rejected(withConfig(c -> c.add("idleTimeoutInSeconds", 0)));
        rejected(withConfig(c -> c.add("idleTimeoutInSeconds", 3601)));
        rejected(withConfig(c -> c.add("idleTimeoutInSeconds", 1.5)));
        rejected(withConfig(c -> c.add("idleTimeoutInSeconds", "30")));
    }

    @Test
    void idleTimeoutBeyondTheLongRangeIsRejectedNotWrapped() {
        rejected(withConfig(c -> c.add("idleTimeoutInSeconds", new java.math.BigInteger("18446744073709551617"))));
    }

    @Test
    void triggerConfigAllowsAtMostFiveTags() {
        assertEquals(5, CreateSession.from(withConfig(c -> c.add("tags", strings(5, "t")))).triggerConfig().getJsonArray("tags").size());
        rejected(withConfig(c -> c.add("tags", strings(6, "t"))));
    }

    @Test
    void sessionAllowsAtMostTenTagsOfUpTo128Characters() {
        assertEquals(10, CreateSession.from(body().add("tags", strings(10, "t")).build()).tags().size());
        assertEquals(List.of("x".repeat(128)), CreateSession.from(body().add("tags", Json.createArrayBuilder().add("x".repeat(128))).build()).tags());
        rejected(body().add("tags", strings(11, "t")).build());
        rejected(body().add("tags", Json.createArrayBuilder().add("x".repeat(129))).build());
        rejected(body().add("tags", Json.createArrayBuilder().add("")).build());
        rejected(body().add("tags", Json.createArrayBuilder().add(7)).build());
    }

    @Test
    void keepsMetadataAndRejectsNonObjectMetadata() {
        assertEquals("v", CreateSession.from(body().add("metadata", Json.createObjectBuilder().add("k", "v")).build()).metadata().getString("k"));
        rejected(body().add("metadata", "text").build());
    }

    @Test
    void expiresAtAcceptsAnIsoString() {
        Instant at = CreateSession.from(body().add("expiresAt", "2030-01-02T03:04:05.678+01:00").build()).expiresAt();
        assertEquals(Instant.parse("2030-01-02T02:04:05.678Z"), at);
    }

    @Test
    void expiresAtAcceptsADateOnlyStringAsUtcMidnight() {
        assertEquals(Instant.parse("2030-01-02T00:00:00Z"), CreateSession.from(body().add("expiresAt", "2030-01-02").build()).expiresAt());
    }

    @Test
    void expiresAtAcceptsEpochMilliseconds() {
        assertEquals(Instant.ofEpochMilli(1_900_000_000_123L),
                CreateSession.from(body().add("expiresAt", 1_900_000_000_123L).build()).expiresAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "2030-13-45T00:00:00Z", "tomorrow", ""})
    void expiresAtRejectsGarbage(String value) {
        ApiException e = rejected(body().add("expiresAt", value).build());
        assertTrue(e.body().getString("error").contains("expiresAt"));
    }

    @Test
    void expiresAtRejectsEpochMillisecondsOutsideTheDateRange() {
        rejected(body().add("expiresAt", new java.math.BigDecimal("1e30")).build());
    }

    @Test
    void expiresAtRejectsNonStringNonNumberValues() {
        rejected(body().add("expiresAt", true).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\ud800", "x\udc00y"})
    void textPostgresqlCannotStoreIsRefusedAsTheClientsError(String text) {
        assertTrue(rejected(body().add("externalId", text).build()).body().getString("error").contains("externalId"));
        assertTrue(rejected(body().add("tags", Json.createArrayBuilder().add("ok").add(text)).build())
                .body().getString("error").contains("tags"));
        assertTrue(rejected(body().add("taskIdentifier", text).build()).body().getString("error").contains("taskIdentifier"));
    }

    @Test
    void textWithPairedSurrogatesIsAccepted() {
        assertEquals(List.of("\ud83d\ude00"), CreateSession.from(body().add("tags", Json.createArrayBuilder().add("\ud83d\ude00")).build()).tags());
    }

    @ParameterizedTest
    @ValueSource(longs = {-8_640_000_000_000_000L, -62_135_596_800_001L})
    void expiresAtBeforeTheYearOneIsRefused(long epochMillis) {
        assertTrue(rejected(body().add("expiresAt", epochMillis).build()).body().getString("error").contains("expiresAt"));
    }

    @Test
    void expiresAtBeyondJavaScriptsRangeIsRefused() {
        assertTrue(rejected(body().add("expiresAt", "+300000-01-01T00:00:00Z").build()).body().getString("error").contains("expiresAt"));
    }
}
