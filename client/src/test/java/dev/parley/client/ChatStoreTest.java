package dev.parley.client;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.parley.client.FakeParley.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat store's routes against recorded-shape answers: paths, If-Match, parsing, and which failures are retried. */
@Timeout(30)
class ChatStoreTest {

    private static final String SLOT = "/api/v1/sessions/c1/store/cart";
    private static final JsonArray ADD_TEA = Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("op", "add").add("path", "/items").add("value", Json.createArrayBuilder().add("tea")))
            .build();

    private FakeParley server;
    private ParleyClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeParley();
        client = ParleyClient.builder().baseUrl(server.url()).secretKey("tr_test_key").maxRetries(2)
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private ChatStore store() {
        return client.chat("probe").id("c1").build().store();
    }

    private static String slot(long version, String value) {
        return "{\"slot\":\"cart\",\"version\":" + version + ",\"value\":" + value
                + (version == 0 ? "" : ",\"updatedAt\":\"2026-12-07T20:00:00Z\",\"updatedBy\":\"agent\"") + "}";
    }

    @Test
    void readsASlotAndEverySlotAndASlotThatHoldsNothing() {
        server.on("GET " + SLOT, json(503, "{\"error\":\"busy\"}"), json(200, slot(3, "{\"items\":[\"tea\"]}")));
        server.on("GET /api/v1/sessions/c1/store/none", json(200, "{\"slot\":\"none\",\"version\":0,\"value\":null}"));
        server.on("GET /api/v1/sessions/c1/store", json(200, "{\"data\":[" + slot(3, "{\"items\":[]}") + "]}"));

        StoreSlot cart = store().read("cart");
        assertEquals(3, cart.version());
        assertEquals(Json.createObjectBuilder().add("items", Json.createArrayBuilder().add("tea")).build(), cart.value());
        assertEquals("agent", cart.updatedBy());
        assertEquals(2, server.requests("GET " + SLOT).size(), "a read is retried after a 503");
        assertEquals("Bearer tr_test_key", server.requests("GET " + SLOT).getLast().header("Authorization"));

        StoreSlot none = store().read("none");
        assertFalse(none.exists());
        assertNull(none.value());
        assertEquals(List.of("cart"), store().all().stream().map(StoreSlot::name).toList());
    }

    @Test
    void aPatchSendsItsOperationsAndItsVersionAsIfMatchAndIsNeverRepeated() {
        server.on("PATCH " + SLOT, json(200, slot(1, "{\"items\":[\"tea\"]}")), json(412,
                "{\"error\":\"Slot cart is at version 2, not 1\",\"code\":\"version_mismatch\"}"), json(503, "{\"error\":\"busy\"}"));

        assertEquals(1, store().patch("cart", ADD_TEA).version());
        FakeParley.Seen first = server.requests("PATCH " + SLOT).getFirst();
        assertEquals(ADD_TEA, Json.createReader(new java.io.StringReader(first.body())).readArray());
        assertNull(first.header("If-Match"), "unconditional");

        ParleyException stale = assertThrows(ParleyException.class, () -> store().patch("cart", ADD_TEA, 1));
        assertEquals(412, stale.status());
        assertEquals("version_mismatch", stale.code());
        assertEquals("\"1\"", server.requests("PATCH " + SLOT).get(1).header("If-Match"));

        assertEquals(503, assertThrows(ParleyException.class, () -> store().patch("cart", ADD_TEA)).status());
        assertEquals(3, server.requests("PATCH " + SLOT).size(), "a failed patch is not sent again: it might have landed");
        assertThrows(IllegalArgumentException.class, () -> store().patch("cart", ADD_TEA, -1));
    }

    @Test
    void aDeleteAnswersWhetherTheSlotHeldAnythingAndOtherFailuresAreThrown() {
        server.on("DELETE " + SLOT, x -> {
            x.sendResponseHeaders(204, -1);
        }, json(404, "{\"error\":\"Slot cart holds nothing to delete\",\"code\":\"slot_not_found\"}"),
                json(412, "{\"error\":\"Slot cart is at version 4, not 3\",\"code\":\"version_mismatch\"}"),
                json(404, "{\"error\":\"Session not found\"}"));

        assertTrue(store().delete("cart"));
        assertFalse(store().delete("cart"));
        assertEquals("version_mismatch", assertThrows(ParleyException.class, () -> store().delete("cart", 3)).code());
        assertEquals("\"3\"", server.requests("DELETE " + SLOT).get(2).header("If-Match"));
        assertEquals(404, assertThrows(ParleyException.class, () -> store().delete("cart")).status(),
                "a chat that does not exist is no empty slot");
    }
}
