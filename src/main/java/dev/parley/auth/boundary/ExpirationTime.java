package dev.parley.auth.boundary;

import dev.parley.auth.control.SessionTokens;
import dev.parley.platform.ApiException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code expirationTime} as the SDK sends it: a duration like "15m"/"1h"/"2d", or an epoch-seconds number. */
final class ExpirationTime {

    private static final Pattern DURATION = Pattern.compile("^\\s*(\\d+)\\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w)\\s*$");

    private ExpirationTime() {
    }

    static Duration parse(JsonValue v, Duration fallback, Instant now) {
        Duration d;
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            d = fallback;
        } else if (v instanceof JsonNumber n) {
            d = Duration.between(now, Instant.ofEpochSecond(n.longValue()));
        } else if (v instanceof JsonString s) {
            d = parse(s.getString());
        } else {
            throw ApiException.badRequest("expirationTime must be a duration string or epoch seconds");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(SessionTokens.MAX_TTL) > 0) {
            throw ApiException.badRequest("expirationTime must be in the future and at most 30 days away");
        }
        return d;
    }

    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw ApiException.badRequest("expirationTime must look like 30s, 15m, 1h, 2d or 1w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).charAt(0)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
