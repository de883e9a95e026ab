package dev.parley.chat.control;

import dev.parley.platform.JsonValues;
import jakarta.json.JsonValue;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Best-effort reading of a JSON text that is still streaming (tool arguments arrive in pieces): close the open
 * string and brackets and try again. Returns null when even that does not parse; the caller then keeps the last
 * good value, as the AI SDK's {@code parsePartialJson} does.
 */
final class PartialJson {

    private PartialJson() {
    }

    static JsonValue parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        JsonValue v = tryParse(text);
        return v != null ? v : tryParse(repair(text));
    }

    private static JsonValue tryParse(String text) {
        try {
            return JsonValues.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String repair(String text) {
        Deque<Character> open = new ArrayDeque<>();
        boolean inString = false;
        boolean escape = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                open.push(c);
            } else if ((c == '}' || c == ']') && !open.isEmpty()) {
                open.pop();
            }
        }
        StringBuilder sb = new StringBuilder(text);
        if (escape) {
            sb.setLength(sb.length() - 1);
        }
        if (inString) {
            sb.append('"');
        }
        trimDangling(sb);
        while (!open.isEmpty()) {
            sb.append(open.pop() == '{' ? '}' : ']');
        }
        return sb.toString();
    }

    /** A trailing comma or colon cannot be closed into valid JSON; drop or complete it. */
    private static void trimDangling(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
            end--;
        }
        sb.setLength(end);
        if (end > 0 && sb.charAt(end - 1) == ',') {
            sb.setLength(end - 1);
        } else if (end > 0 && sb.charAt(end - 1) == ':') {
            sb.append("null");
        }
    }
}
