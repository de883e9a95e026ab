package dev.parley.it;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Request bodies for the fuzzer: the API's own documents (session creates, tag and metadata updates, appends,
 * AI SDK chat requests) valid or with one part broken, and everything a hostile client can send instead.
 */
final class FuzzBodies {

    private static final String[] TEXT_PIECES = {"a", "é", "\u0000", "\ud800", "\udc00", "\ud83d\ude00", "\u202e", "\"",
            "\\", "\\u0000", "\\ud800", "%", "'", "<", "\n", "\t", " ", "{", "]", "漢", "\uffff", "\u0085", "0", "-1e999"};
    private static final String[] JSON_VALUES = {"null", "true", "0", "-0", "1e999999", "-1e-999999", "123456789012345678901234567890",
            "\"\"", "\"x\"", "[]", "{}", "[null]", "{\"a\":{}}", "\"\\u0000\"", "\"\\ud800\"", "1.5", "-9223372036854775809"};

    private FuzzBodies() {
    }

    static byte[] body(SplittableRandom r, FuzzRequests.Chat chat) {
        String text = switch (r.nextInt(14)) {
            case 0, 1 -> create(r);
            case 2, 3 -> patch(r);
            case 4, 5, 6 -> append(r, chat);
            case 7 -> aiSdkChat(r, chat);
            case 8 -> broken(r, r.nextBoolean() ? append(r, chat) : create(r));
            case 9 -> nested(r);
            case 10 -> JSON_VALUES[r.nextInt(JSON_VALUES.length)];
            case 11 -> "";
            case 12 -> login(r);
            default -> text(r, r.nextInt(200));
        };
        if (r.nextInt(25) == 0) {
            byte[] raw = new byte[r.nextInt(2000)];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) r.nextInt(256);
            }
            return raw;
        }
        if (r.nextInt(200) == 0) {
            text = "{\"kind\":\"message\",\"payload\":\"" + "x".repeat(1_200_000) + "\"}";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(SplittableRandom r, int pieces) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            s.append(r.nextInt(3) == 0 ? TEXT_PIECES[r.nextInt(TEXT_PIECES.length)] : Character.toString('a' + r.nextInt(26)));
        }
        return s.toString();
    }

    /** A JSON string literal of generated text (so NULs and lone surrogates arrive as escapes). */
    static String jsonString(SplittableRandom r, int pieces) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text(r, pieces).toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    private static String anyValue(SplittableRandom r) {
        return r.nextBoolean() ? JSON_VALUES[r.nextInt(JSON_VALUES.length)] : jsonString(r, r.nextInt(12));
    }

    /** A create that should succeed (a new chat, so the checks afterwards also cover chats the fuzzer made). */
    static byte[] validCreate(SplittableRandom r) {
        String chatId = "fuzz-" + Long.toHexString(r.nextLong());
        return ("{\"type\":\"chat.agent\",\"externalId\":\"" + chatId + "\",\"taskIdentifier\":\"demo\",\"tags\":"
                + "[\"b\",\"a\"],\"triggerConfig\":{\"basePayload\":{\"chatId\":\"" + chatId
                + "\",\"trigger\":\"preload\",\"messages\":[]}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String create(SplittableRandom r) {
        String chatId = r.nextInt(4) == 0 ? jsonString(r, 8) : "\"fuzz-" + Long.toHexString(r.nextLong() & 0xfff) + "\"";
        String[] expires = {"null", "1900000000000", "-8640000000000000", "8640000000000001", "\"+300000-01-01T00:00:00Z\"",
                "\"-271821-04-20\"", "\"2030-01-02\"", "\"soon\"", "1e30"};
        return "{\"type\":" + (r.nextInt(5) == 0 ? anyValue(r) : "\"chat.agent\"")
                + ",\"externalId\":" + chatId
                + ",\"taskIdentifier\":" + (r.nextInt(5) == 0 ? anyValue(r) : r.nextBoolean() ? "\"demo\"" : "\"no-such-agent\"")
                + ",\"triggerConfig\":{\"basePayload\":{\"chatId\":" + chatId + ",\"trigger\":\"preload\",\"messages\":[]}"
                + (r.nextBoolean() ? ",\"maxAttempts\":" + anyValue(r) : "")
                + (r.nextBoolean() ? ",\"idleTimeoutInSeconds\":" + JSON_VALUES[r.nextInt(JSON_VALUES.length)] : "")
                + (r.nextBoolean() ? ",\"tags\":" + tags(r) : "") + "}"
                + (r.nextBoolean() ? ",\"tags\":" + tags(r) : "")
                + (r.nextBoolean() ? ",\"metadata\":" + (r.nextBoolean() ? "{\"k\":" + anyValue(r) + "}" : anyValue(r)) : "")
                + (r.nextBoolean() ? ",\"expiresAt\":" + expires[r.nextInt(expires.length)] : "") + "}";
    }

    private static String tags(SplittableRandom r) {
        if (r.nextInt(6) == 0) {
            return anyValue(r);
        }
        StringBuilder a = new StringBuilder("[");
        int n = r.nextInt(r.nextInt(8) == 0 ? 14 : 6);
        for (int i = 0; i < n; i++) {
            a.append(i > 0 ? "," : "").append(switch (r.nextInt(5)) {
                case 0 -> jsonString(r, 1 + r.nextInt(6));
                case 1 -> anyValue(r);
                case 2 -> "\"" + "t".repeat(r.nextInt(126, 131)) + "\"";
                default -> "\"" + (char) ('a' + r.nextInt(4)) + "\"";
            });
        }
        return a.append(']').toString();
    }

    private static String patch(SplittableRandom r) {
        StringBuilder s = new StringBuilder("{");
        if (r.nextInt(4) != 0) {
            s.append("\"tags\":").append(tags(r));
        }
        if (r.nextBoolean()) {
            s.append(s.length() > 1 ? "," : "").append("\"metadata\":").append(r.nextBoolean() ? "{\"n\":" + anyValue(r) + "}" : anyValue(r));
        }
        if (r.nextInt(5) == 0) {
            s.append(s.length() > 1 ? "," : "").append("\"externalId\":").append(anyValue(r));
        }
        return s.append('}').toString();
    }

    private static String message(SplittableRandom r, FuzzRequests.Chat chat) {
        return "{\"chatId\":\"" + chat.externalId() + "\",\"trigger\":\"submit-message\",\"message\":{\"id\":"
                + (r.nextInt(5) == 0 ? anyValue(r) : "\"m" + Long.toHexString(r.nextLong()) + "\"")
                + ",\"role\":" + (r.nextInt(5) == 0 ? anyValue(r) : "\"user\"")
                + ",\"parts\":[{\"type\":" + (r.nextInt(5) == 0 ? anyValue(r) : "\"text\"") + ",\"text\":" + jsonString(r, r.nextInt(20)) + "}]}}";
    }

    private static String append(SplittableRandom r, FuzzRequests.Chat chat) {
        String[] kinds = {"\"message\"", "\"stop\"", "\"action\"", "\"unknown\"", "null", "7"};
        String kind = kinds[r.nextInt(kinds.length)];
        String payload = switch (r.nextInt(4)) {
            case 0, 1 -> message(r, chat);
            case 2 -> anyValue(r);
            default -> "{\"chatId\":" + anyValue(r) + ",\"trigger\":" + anyValue(r) + "}";
        };
        return "{\"kind\":" + kind + ",\"payload\":" + payload + "}";
    }

    private static String aiSdkChat(SplittableRandom r, FuzzRequests.Chat chat) {
        return "{\"id\":" + (r.nextInt(4) == 0 ? anyValue(r) : "\"" + chat.externalId() + "\"")
                + ",\"trigger\":\"submit-message\",\"messages\":[{\"id\":\"u" + Long.toHexString(r.nextLong())
                + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":" + jsonString(r, r.nextInt(10)) + "}]}]}";
    }

    private static String login(SplittableRandom r) {
        return "{\"username\":" + (r.nextBoolean() ? "\"fuzz-" + r.nextInt(50) + "\"" : anyValue(r)) + ",\"password\":" + anyValue(r) + "}";
    }

    private static String broken(SplittableRandom r, String json) {
        int at = r.nextInt(json.length() + 1);
        return switch (r.nextInt(4)) {
            case 0 -> json.substring(0, at);
            case 1 -> json.substring(0, at) + text(r, 3) + json.substring(at);
            case 2 -> json + json;
            default -> json.replace("\"", r.nextBoolean() ? "'" : "");
        };
    }

    private static String nested(SplittableRandom r) {
        int depth = r.nextBoolean() ? r.nextInt(50) : 2_000 + r.nextInt(20_000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return "{\"kind\":\"message\",\"payload\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    }
}
