package dev.parley.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseEventsTest {

    /** Hands out at most {@code step} bytes per read, so every event is split across reads somewhere. */
    private static InputStream trickle(String text, int step) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, step), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static List<SseEvents.Event> all(InputStream in) throws IOException {
        SseEvents events = new SseEvents(in);
        List<SseEvents.Event> out = new ArrayList<>();
        for (SseEvents.Event e; (e = events.next()) != null; ) {
            out.add(e);
        }
        return out;
    }

    @Test
    void eventsSplitAcrossReadsAtEveryByteComeOutWhole() throws IOException {
        String wire = "id: 0,2,0\nevent: batch\ndata: {\"records\":[{\"seq_num\":0,\"body\":\"h\u00e9llo \u2603\"}]}\n\n"
                + ": a comment\n\nevent: ping\ndata: {\"timestamp\":1}\n\ndata: [DONE]\n\n";
        for (int step = 1; step <= 7; step++) {
            List<SseEvents.Event> events = all(trickle(wire, step));
            assertEquals(3, events.size(), "step " + step);
            assertEquals("batch", events.get(0).name());
            assertEquals("{\"records\":[{\"seq_num\":0,\"body\":\"h\u00e9llo \u2603\"}]}", events.get(0).data(),
                    "multi-byte characters split between reads survive (step " + step + ")");
            assertEquals("ping", events.get(1).name());
            assertEquals("message", events.get(2).name());
            assertEquals("[DONE]", events.get(2).data());
        }
    }

    @Test
    void crlfAndCrLineEndsAndMultiLineDataAreUnderstood() throws IOException {
        List<SseEvents.Event> events = all(new ByteArrayInputStream(
                "event: batch\r\ndata: a\r\ndata: b\r\n\r\nevent:x\rdata:c\r\r".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, events.size());
        assertEquals("a\nb", events.get(0).data());
        assertEquals("x", events.get(1).name());
        assertEquals("c", events.get(1).data());
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        List<SseEvents.Event> events = all(new ByteArrayInputStream(
                "event: batch\ndata: {\"records\":[]}\n\nevent: batch\ndata: {\"records\":[{\"seq_n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, events.size(), "only the complete event");
        List<SseEvents.Event> noBlankLine = all(new ByteArrayInputStream("event: batch\ndata: {}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, noBlankLine.size(), "an event is complete only with its blank line");
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() throws IOException {
        assertEquals(0, all(new ByteArrayInputStream("\n\nevent: ping\n\n: hi\n\n".getBytes(StandardCharsets.UTF_8))).size());
    }
}
