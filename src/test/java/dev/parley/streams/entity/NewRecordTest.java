package dev.parley.streams.entity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NewRecordTest {

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    @Test
    void trimBodyIsTheEightByteBigEndianTargetSeq() {
        NewRecord r = NewRecord.trim(28);
        assertEquals("[[\"\",\"trim\"]]", r.headers());
        assertEquals("\0\0\0\0\0\0\0\u001c", r.body());
    }

    @Test
    void trimBodyEncodesEveryByteOfALargeSeq() {
        String body = NewRecord.trim(0x0102030405060708L).body();
        assertEquals("\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008", body);
        assertEquals("\0\0\0\0\0\u0001\u0000\u00ff", NewRecord.trim(0x100FFL).body());
    }

    @Test
    void controlRecordListsSubtypeThenNonNullPairs() {
        NewRecord r = NewRecord.control("turn-complete", "session-in-event-id", "7", "public-access-token", null);
        assertEquals("[[\"trigger-control\",\"turn-complete\"],[\"session-in-event-id\",\"7\"]]", r.headers());
        assertNull(r.body());
    }

    @Test
    void controlRecordEscapesHeaderValues() {
        NewRecord r = NewRecord.control("x", "k", "a\"b\\c");
        var headers = Json.createReader(new StringReader(r.headers())).readArray();
        assertEquals("a\"b\\c", headers.getJsonArray(1).getString(1));
    }

    @Test
    void textStoresTheRawTextAsAJsonString() {
        JsonObject body = parse(NewRecord.text("hi \"there\"\n", "part-1").body());
        assertEquals("hi \"there\"\n", body.getString("data"));
        assertEquals("part-1", body.getString("id"));
        assertNull(NewRecord.text("x", "i").headers());
    }

    @Test
    void dataStoresTheJsonValueAsIs() {
        JsonObject body = parse(NewRecord.data("{\"type\":\"text-delta\",\"n\":[1,2]}", "p\"2").body());
        JsonObject data = body.getJsonObject("data");
        assertEquals("text-delta", data.getString("type"));
        assertEquals(2, data.getJsonArray("n").getInt(1));
        assertEquals("p\"2", body.getString("id"));
    }

    @Test
    void meteredBytesCountsUtf8BytesPlusEightBytesOverhead() {
        assertEquals(8, new NewRecord(null, null).meteredBytes());
        assertEquals(8 + 2 + 3, new NewRecord("[]", "\u20ac").meteredBytes());
    }
}
