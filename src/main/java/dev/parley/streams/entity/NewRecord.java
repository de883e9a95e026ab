package dev.parley.streams.entity;

import dev.parley.platform.JsonText;

import java.nio.charset.StandardCharsets;

/** A record about to be appended: wire headers (JSON array text, or null) and body (or null). */
public record NewRecord(String headers, String body) {

    public static final int MAX_METERED_BYTES = 1024 * 1024;

    /** The headers of the S2 {@code trim} command record. */
    public static final String TRIM_HEADERS = "[[\"\",\"trim\"]]";

    /** A data record whose {@code data} is a JSON value given as text (on {@code .out}: the chunk object). */
    public static NewRecord data(String dataJson, String id) {
        StringBuilder sb = new StringBuilder(dataJson.length() + 32).append("{\"data\":").append(dataJson).append(",\"id\":");
        JsonText.appendQuoted(sb, id);
        return new NewRecord(null, sb.append('}').toString());
    }

    /** A data record whose {@code data} is the raw text as a JSON string (how {@code .in} stores appends). */
    public static NewRecord text(String raw, String id) {
        return data(JsonText.quote(raw), id);
    }

    /** A {@code trigger-control} record; {@code pairs} are further header names and values. */
    public static NewRecord control(String subtype, String... pairs) {
        StringBuilder sb = new StringBuilder("[[\"trigger-control\",");
        JsonText.appendQuoted(sb, subtype);
        sb.append(']');
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            sb.append(",[");
            JsonText.appendQuoted(sb, pairs[i]);
            sb.append(',');
            JsonText.appendQuoted(sb, pairs[i + 1]);
            sb.append(']');
        }
        return new NewRecord(sb.append(']').toString(), null);
    }

    /** The S2 {@code trim} command: its body is the 8-byte big-endian target seq, rendered as text. */
    public static NewRecord trim(long targetSeq) {
        return new NewRecord(TRIM_HEADERS, trimBody(targetSeq));
    }

    /** The body as the database stores it: a trim's target as decimal text, any other body as it is. */
    public String storedBody() {
        return TRIM_HEADERS.equals(headers) && body != null ? Long.toString(trimTarget(body)) : body;
    }

    static String trimBody(long targetSeq) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = (char) (targetSeq & 0xFF);
            targetSeq >>>= 8;
        }
        return new String(c);
    }

    static long trimTarget(String body) {
        long v = 0;
        for (int i = 0; i < body.length(); i++) {
            v = (v << 8) | (body.charAt(i) & 0xFF);
        }
        return v;
    }

    public int meteredBytes() {
        return 8 + (headers == null ? 0 : headers.getBytes(StandardCharsets.UTF_8).length)
                + (body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length);
    }
}
