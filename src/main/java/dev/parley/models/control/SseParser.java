package dev.parley.models.control;

/**
 * Server-sent events, line by line (WHATWG HTML §9.2.6): {@code data:} lines of one event are joined with newlines,
 * a blank line dispatches, comments are skipped. An event still open when the stream ends is dropped, as the
 * standard says; a provider that was cut off mid-event therefore looks like one that was cut off between events.
 */
final class SseParser {

    /** Receives each event; returns false when the response is complete and reading should stop. */
    interface Listener {
        boolean onEvent(String event, String data);
    }

    private final Listener listener;
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds one line without its terminator; false once the listener asked to stop. */
    boolean line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return true;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            default -> {
                // id and retry do not matter for a one-shot model response
            }
        }
        return true;
    }

    private boolean dispatch() {
        if (!hasData) {
            event = null;
            return true;
        }
        String e = event == null ? "message" : event;
        String d = data.toString();
        data.setLength(0);
        hasData = false;
        event = null;
        return listener.onEvent(e, d);
    }
}
