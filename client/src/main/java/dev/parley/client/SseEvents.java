package dev.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a {@code text/event-stream} body into events (WHATWG SSE rules: LF, CRLF or CR line ends, comment lines,
 * several {@code data:} lines joined by LF). Invariant: an event is handed out only once its terminating blank line
 * has arrived, however the bytes were split across reads; an event cut off by the end of the stream is dropped, so a
 * dropped connection never yields half a batch.
 */
final class SseEvents {

    /** One dispatched event; {@code name} is {@code "message"} when the event had no {@code event:} line. */
    record Event(String name, String data) {
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;
    private boolean lastWasCr;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    SseEvents(InputStream in) {
        this.in = in;
    }

    /** The next complete event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        for (String l; (l = readLine()) != null; ) {
            if (l.isEmpty()) {
                if (data != null) {
                    return new Event(name == null ? "message" : name, data.toString());
                }
                name = null;
                continue;
            }
            if (l.charAt(0) == ':') {
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value.length());
                    } else {
                        data.append('\n');
                    }
                    data.append(value);
                }
                default -> {
                    // id and retry: resumption is by record seq, not the SSE id
                }
            }
        }
        return null;
    }

    /** One line without its terminator, or null at the end of the stream (a trailing unterminated line is dropped). */
    private String readLine() throws IOException {
        line.reset();
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return null;
                }
            }
            byte b = buf[pos++];
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                lastWasCr = true;
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }
}
