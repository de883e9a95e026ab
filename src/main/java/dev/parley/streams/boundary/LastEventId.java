package dev.parley.streams.boundary;

/** {@code Last-Event-ID} (decision D7): a non-negative integer; for {@code a,b,c} the integer before the first comma. */
final class LastEventId {

    private LastEventId() {
    }

    /** The last seq the client has, or null to start from the earliest retained record. */
    static Long parse(String header) {
        if (header == null) {
            return null;
        }
        String s = header.trim();
        int cut = s.indexOf(',');
        if (cut >= 0) {
            s = s.substring(0, cut).trim();
        }
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(s);
    }
}
