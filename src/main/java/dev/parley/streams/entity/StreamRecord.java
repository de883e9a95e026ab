package dev.parley.streams.entity;

import dev.parley.platform.JsonText;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;

/**
 * A committed record of a channel. {@code headers} is stored as the JSON array text that goes on the wire
 * (or null), {@code body} as the wire text (or null), so an SSE batch is assembled without re-encoding.
 */
public record StreamRecord(long seq, long timestamp, String headers, String body) {

    /** The header of a {@code turn-complete} that carries the chat's next read+write token. */
    public static final String ACCESS_TOKEN_HEADER = "public-access-token";

    /**
     * Rebuilds a record read from the database. PostgreSQL text cannot hold NUL characters, so a trim command's
     * 8-byte body is stored as its decimal target (see {@link #storedBody()}).
     */
    public static StreamRecord fromStore(long seq, long timestamp, String headers, String storedBody) {
        if (NewRecord.TRIM_HEADERS.equals(headers) && storedBody != null) {
            return new StreamRecord(seq, timestamp, headers, NewRecord.trimBody(Long.parseLong(storedBody)));
        }
        return new StreamRecord(seq, timestamp, headers, storedBody);
    }

    /** The body as the database stores it. */
    public String storedBody() {
        return NewRecord.TRIM_HEADERS.equals(headers) && body != null ? Long.toString(NewRecord.trimTarget(body)) : body;
    }

    /** S2 command records carry exactly one header whose name is empty, e.g. {@code [["","trim"]]}. */
    public boolean command() {
        return headers != null && headers.startsWith("[[\"\",");
    }

    /** The {@code trigger-control} subtype of a control record, or null. */
    public String controlSubtype() {
        String prefix = "[[\"trigger-control\",\"";
        if (headers == null || !headers.startsWith(prefix)) {
            return null;
        }
        int end = headers.indexOf('"', prefix.length());
        return end < 0 ? null : headers.substring(prefix.length(), end);
    }

    /** The value of header {@code name} of a control record, or null (also for records that are not control). */
    public String controlHeader(String name) {
        if (controlSubtype() == null) {
            return null;
        }
        try (JsonReader r = JsonValues.PROVIDER.createReader(new StringReader(headers))) {
            JsonArray pairs = r.readArray();
            for (int i = 1; i < pairs.size(); i++) { // the first pair is the subtype
                if (pairs.get(i) instanceof JsonArray pair && pair.size() == 2 && name.equals(pair.getString(0, ""))) {
                    return pair.getString(1, null);
                }
            }
        }
        return null;
    }

    /**
     * This record as a reader who may not write the chat sees it: a {@code turn-complete} without its
     * {@code public-access-token} header, which is a fresh read+write token for the chat (wire rule W21). Every other
     * record is returned as it is.
     */
    public StreamRecord withoutAccessToken() {
        if (headers == null || !headers.contains("\"" + ACCESS_TOKEN_HEADER + "\"")) {
            return this;
        }
        JsonArrayBuilder kept = JsonValues.PROVIDER.createArrayBuilder();
        try (JsonReader r = JsonValues.PROVIDER.createReader(new StringReader(headers))) {
            for (JsonValue h : r.readArray()) {
                if (!(h instanceof JsonArray pair && pair.size() == 2 && ACCESS_TOKEN_HEADER.equals(pair.getString(0, "")))) {
                    kept.add(h);
                }
            }
        }
        return new StreamRecord(seq, timestamp, kept.build().toString(), body);
    }

    /** One {@code SequencedRecord} of an S2 read batch; empty headers and bodies are omitted as S2 does. */
    public void appendWireJson(StringBuilder sb) {
        sb.append("{\"seq_num\":").append(seq).append(",\"timestamp\":").append(timestamp);
        if (headers != null && !headers.equals("[]")) {
            sb.append(",\"headers\":").append(headers);
        }
        if (body != null && !body.isEmpty()) {
            sb.append(",\"body\":");
            JsonText.appendQuoted(sb, body);
        }
        sb.append('}');
    }

    /** Approximate metered size, as S2 counts it: 8 bytes of overhead plus headers and body. */
    public int meteredBytes() {
        return 8 + (headers == null ? 0 : headers.length()) + (body == null ? 0 : body.length());
    }
}
