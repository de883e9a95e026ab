package dev.parley.streams.entity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamRecordTest {

    private static JsonObject wire(StreamRecord r) {
        StringBuilder sb = new StringBuilder();
        r.appendWireJson(sb);
        try (JsonReader reader = Json.createReader(new StringReader(sb.toString()))) {
            return reader.readObject();
        }
    }

    private static StreamRecord committed(NewRecord r) {
        return new StreamRecord(4, 1_700_000_000_000L, r.headers(), r.body());
    }

    @Test
    void aReaderWhoMayNotWriteGetsTheTurnCompleteWithoutItsToken() {
        StreamRecord tc = committed(NewRecord.control("turn-complete", "public-access-token", "eyJ.secret.sig",
                "session-in-event-id", "7"));
        StreamRecord redacted = tc.withoutAccessToken();
        assertEquals("[[\"trigger-control\",\"turn-complete\"],[\"session-in-event-id\",\"7\"]]", redacted.headers());
        assertEquals("turn-complete", redacted.controlSubtype());
        assertEquals(tc.seq(), redacted.seq());
        assertFalse(wire(redacted).toString().contains("eyJ.secret.sig"));
        StreamRecord data = committed(NewRecord.text("{\"public-access-token\":\"x\"}", "i"));
        assertTrue(data == data.withoutAccessToken(), "records without the header are passed through");
    }

    @Test
    void trimRecordIsACommand() {
        assertTrue(committed(NewRecord.trim(28)).command());
    }

    @Test
    void dataAndControlRecordsAreNotCommands() {
        assertFalse(committed(NewRecord.text("x", "i")).command());
        assertFalse(committed(NewRecord.control("turn-complete")).command());
    }

    @Test
    void aControlHeaderIsFoundByNameAndOnlyOnControlRecords() {
        StreamRecord cancel = committed(NewRecord.control("run-cancel", "run-id", "run_a\"b", "other", "x"));
        assertEquals("run_a\"b", cancel.controlHeader("run-id"));
        assertEquals("x", cancel.controlHeader("other"));
        assertNull(cancel.controlHeader("missing"));
        assertNull(cancel.controlHeader("trigger-control"), "the subtype pair is not a header of its own");
        assertNull(committed(new NewRecord("[[\"run-id\",\"run_1\"]]", "{}")).controlHeader("run-id"),
                "a data record's headers are not read");
    }

    @Test
    void controlSubtypeIsReadFromTheFirstHeader() {
        StreamRecord r = committed(NewRecord.control("turn-complete", "session-in-event-id", "7", "public-access-token", null));
        assertEquals("turn-complete", r.controlSubtype());
    }

    @Test
    void nonControlRecordsHaveNoSubtype() {
        assertNull(committed(NewRecord.trim(1)).controlSubtype());
        assertNull(committed(NewRecord.text("turn-complete", "i")).controlSubtype());
    }

    @Test
    void wireJsonCarriesSeqTimestampHeadersAndBody() {
        JsonObject o = wire(new StreamRecord(12, 345, "[[\"a\",\"b\"]]", "payload"));
        assertEquals(12, o.getJsonNumber("seq_num").longValue());
        assertEquals(345, o.getJsonNumber("timestamp").longValue());
        assertEquals("b", o.getJsonArray("headers").getJsonArray(0).getString(1));
        assertEquals("payload", o.getString("body"));
    }

    @Test
    void wireJsonOmitsEmptyHeadersAndBody() {
        JsonObject nulls = wire(new StreamRecord(1, 2, null, null));
        JsonObject empties = wire(new StreamRecord(1, 2, "[]", ""));
        assertEquals(java.util.Set.of("seq_num", "timestamp"), nulls.keySet());
        assertEquals(java.util.Set.of("seq_num", "timestamp"), empties.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "plain",
            "quote \" and backslash \\ here",
            "new\nline\r\ttab\b\f",
            "nul \u0000 unit-sep \u001f del \u007f",
            "line-sep \u2028 para-sep \u2029",
            "emoji \uD83D\uDE00 and \u00e9"})
    void wireJsonBodyRoundTripsThroughAJsonParser(String body) {
        assertEquals(body, wire(new StreamRecord(1, 2, null, body)).getString("body"));
    }

    @Test
    void trimCommandBodyRoundTripsOnTheWire() {
        StreamRecord r = committed(NewRecord.trim(28));
        JsonObject o = wire(r);
        assertEquals(r.body(), o.getString("body"));
        assertEquals("trim", o.getJsonArray("headers").getJsonArray(0).getString(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 28, 255, 256, 0x0102030405060708L, Long.MAX_VALUE})
    void trimBodyIsStoredWithoutNulCharactersAndReadBackExactly(long target) {
        StreamRecord written = committed(NewRecord.trim(target));
        String stored = written.storedBody();
        assertEquals(-1, stored.indexOf('\0'), "PostgreSQL text cannot hold NUL");
        assertEquals(Long.toString(target), stored);
        StreamRecord read = StreamRecord.fromStore(written.seq(), written.timestamp(), written.headers(), stored);
        assertEquals(written, read);
    }

    @Test
    void otherBodiesAreStoredAsTheyAre() {
        StreamRecord data = committed(NewRecord.text("12", "p"));
        assertEquals(data.body(), data.storedBody());
        assertEquals(data, StreamRecord.fromStore(data.seq(), data.timestamp(), data.headers(), data.storedBody()));
        StreamRecord control = committed(NewRecord.control("turn-complete"));
        assertEquals(control, StreamRecord.fromStore(control.seq(), control.timestamp(), control.headers(), control.storedBody()));
    }
}
