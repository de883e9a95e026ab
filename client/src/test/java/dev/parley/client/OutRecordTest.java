package dev.parley.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutRecordTest {

    private final JsonSupport json = new JsonSupport();

    @Test
    void dataControlAndCommandRecordsAreTold() {
        List<OutRecord> rs = OutRecord.batch(json, """
                {"records":[
                 {"seq_num":3,"timestamp":1,"headers":[],"body":"{\\"data\\":{\\"type\\":\\"text-delta\\",\\"id\\":\\"t1\\",\\"delta\\":\\"hi\\"},\\"id\\":\\"p1\\"}"},
                 {"seq_num":"4","timestamp":1,"headers":[["trigger-control","turn-complete"],["session-in-event-id","2"],["public-access-token","pat"]],"body":""},
                 {"seq_num":5,"headers":[["","trim"]],"body":"\\u0000"}],
                 "tail":{"seq_num":6}}""");
        assertEquals(3, rs.size());
        OutRecord data = rs.get(0);
        assertEquals(3, data.seq());
        assertNull(data.control());
        assertFalse(data.command());
        assertEquals("hi", data.data(json).getString("delta"));
        OutRecord tc = rs.get(1);
        assertEquals(4, tc.seq(), "a numeric string seq_num is accepted");
        assertEquals("turn-complete", tc.control());
        assertEquals("2", tc.header("session-in-event-id"));
        assertEquals("pat", tc.header("public-access-token"));
        assertNull(tc.data(json), "a control record carries no chunk");
        assertTrue(rs.get(2).command());
    }

    @Test
    void aBodyThatIsNotAnObjectEnvelopeYieldsNoChunk() {
        List<OutRecord> rs = OutRecord.batch(json, """
                {"records":[{"seq_num":0,"body":"not json"},{"seq_num":1,"body":"{\\"data\\":\\"a string\\"}"},{"seq_num":2}]}""");
        rs.forEach(r -> assertNull(r.data(json)));
    }

    @Test
    void malformedBatchesAreRefusedRatherThanSkipped() {
        assertThrows(IllegalArgumentException.class, () -> OutRecord.batch(json, "{\"records\":[{\"body\":\"x\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> OutRecord.batch(json, "{\"tail\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> OutRecord.batch(json, "{\"records\":[{\"seq_num\":\"1-x\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> OutRecord.batch(json, "[DONE]"));
    }
}
