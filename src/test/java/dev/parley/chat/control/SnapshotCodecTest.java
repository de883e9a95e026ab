package dev.parley.chat.control;

import dev.parley.agent.message.UIMessage;
import dev.parley.chat.entity.Snapshot;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SnapshotCodecTest {

    private static final Instant SAVED = Instant.ofEpochMilli(1_795_316_334_301L);

    @Test
    void roundTripsMessagesAndCursors() {
        UIMessage assistant = UIMessageCodec.parse("{\"id\":\"m1\",\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"text\",\"text\":\"hi\",\"state\":\"done\"},{\"type\":\"future-part\",\"x\":1}]}");
        Snapshot s = new Snapshot(List.of(UIMessage.user("u1", "hello"), assistant), 41L, 7L, SAVED);
        String json = SnapshotCodec.toJsonText(s);
        JsonObject o = JsonValues.parseObject(json);
        assertEquals(1, o.getInt("version"));
        assertEquals(41, o.getInt("lastOutSeq"));
        assertEquals(SAVED.toEpochMilli(), o.getJsonNumber("savedAt").longValue());
        assertEquals(s, SnapshotCodec.parse(json));
    }

    @Test
    void absentCursorsStayAbsent() {
        Snapshot s = new Snapshot(List.of(), null, null, SAVED);
        String json = SnapshotCodec.toJsonText(s);
        assertFalse(json.contains("lastOutSeq"));
        Snapshot back = SnapshotCodec.parse(json);
        assertNull(back.lastOutSeq());
        assertNull(back.lastInSeq());
    }

    @Test
    void readsTriggerDevSnapshots() {
        Snapshot s = SnapshotCodec.parse("{\"version\":1,\"savedAt\":5,\"messages\":[{\"id\":\"u\",\"role\":\"user\","
                + "\"parts\":[{\"type\":\"text\",\"text\":\"x\"}]}],\"lastOutEventId\":\"12\",\"lastInEventId\":\"3\"}");
        assertEquals(12L, s.lastOutSeq());
        assertEquals(3L, s.lastInSeq());
        assertEquals("x", s.messages().get(0).text());
    }

    @Test
    void refusesAnotherVersion() {
        assertThrows(IllegalArgumentException.class,
                () -> SnapshotCodec.parse("{\"version\":2,\"savedAt\":5,\"messages\":[]}"));
    }
}
