package dev.parley.platform;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are read with a streaming size guard (decision D5): {@code Content-Length} is not required,
 * and a body larger than the route's cap is refused with 413 before it is buffered whole.
 */
public final class Bodies {

    public static final int KIB = 1024;
    public static final int CREATE_CAP = 32 * KIB;
    public static final int SMALL_CAP = KIB;
    public static final int APPEND_CAP = 1024 * KIB;
    /** An AI SDK chat request carries the whole conversation (decision D17). */
    public static final int CHAT_CAP = 4 * 1024 * KIB;

    private Bodies() {
    }

    public static byte[] read(InputStream in, int cap) {
        if (in == null) {
            return new byte[0];
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 8 * KIB));
            byte[] buf = new byte[8 * KIB];
            int total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > cap) {
                    throw ApiException.tooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // the container could not read what the client sent (a body that is not the gzip it claims to be, a cut
            // connection): the client's error, whatever else the container stored in the exception
            throw ApiException.badRequest("The request body could not be read");
        } finally {
            closeQuietly(in);
        }
    }

    /** Closing may rethrow the read's own failure (Liberty keeps it): the answer is already decided. */
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to tell the client
        }
    }

    public static String readText(InputStream in, int cap) {
        return new String(read(in, cap), StandardCharsets.UTF_8);
    }

    /** A required JSON object body: empty → 400 "Request body is empty", unparsable → 400 "Invalid JSON". */
    public static JsonObject readObject(InputStream in, int cap) {
        String text = readText(in, cap);
        if (text.isBlank()) {
            throw ApiException.badRequest("Request body is empty");
        }
        JsonValue v = parse(text);
        if (v == null) {
            throw ApiException.badRequest("Invalid JSON");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("Expected a JSON object");
        }
        return v.asJsonObject();
    }

    /** Parses JSON text, or returns null when it is not JSON. */
    public static JsonValue parse(String text) {
        try (JsonReader r = JsonValues.PROVIDER.createReader(new StringReader(text))) {
            return r.readValue();
        } catch (RuntimeException e) {
            // JsonException and IllegalStateException, and Parsson's plain RuntimeException past its nesting limit
            return null;
        }
    }

    /** The content type of a JSON request, if one was sent, must be JSON. */
    public static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase();
        if (!base.equals("application/json") && !base.endsWith("+json") && !base.equals("text/plain")) {
            throw ApiException.of(415, "Unsupported content type: expected application/json");
        }
    }

    /**
     * PostgreSQL text holds no NUL character, and an unpaired surrogate cannot be encoded as UTF-8: either would fail
     * the insert (or be stored as something else) instead of being refused as the client's error.
     */
    public static void requireStorable(String key, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == 0 || (Character.isSurrogate(c) && !paired)) {
                throw ApiException.badRequest(key + " must not contain NUL characters or unpaired surrogates");
            }
            if (paired) {
                i++;
            }
        }
    }
}
