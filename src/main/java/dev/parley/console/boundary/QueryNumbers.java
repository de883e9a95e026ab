package dev.parley.console.boundary;

import dev.parley.platform.ApiException;

/** The console API's numeric query parameters: absent means the default, anything else must be in range or is a 400. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    static long number(String v, String name, long min, long max, long dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max);
    }
}
