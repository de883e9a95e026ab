package dev.parley.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * A request Parley refused, or one that could not be completed. For an HTTP answer: its status, the {@code code}
 * and {@code error} of the documented error shape ({@code {"ok":false,"error":…,"code":…,"closedReason":…}}) when
 * present, and the raw body. {@link #status()} is 0 when no answer arrived (network failure after the retries).
 */
public class ParleyException extends RuntimeException {

    private final int status;
    private final String code;
    private final String error;
    private final String closedReason;
    private final String body;

    ParleyException(String message, int status, String code, String error, String closedReason, String body, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.error = error;
        this.closedReason = closedReason;
        this.body = body;
    }

    static ParleyException of(JsonSupport json, String what, int status, String body) {
        JsonObject o = json.objectOrNull(body);
        String code = o != null && o.get("code") instanceof JsonString s ? s.getString() : null;
        String error = o != null && o.get("error") instanceof JsonString s ? s.getString() : null;
        String reason = o != null && o.get("closedReason") instanceof JsonString s ? s.getString() : null;
        String message = what + " failed: " + status + (code == null ? "" : " " + code)
                + (error == null ? "" : " (" + error + ")");
        return new ParleyException(message, status, code, error, reason, body, null);
    }

    static ParleyException network(String what, Throwable cause) {
        return new ParleyException(what + " failed: " + cause, 0, null, null, null, null, cause);
    }

    static ParleyException protocol(String what) {
        return new ParleyException(what, 0, null, null, null, null, null);
    }

    /** The HTTP status, or 0 when the server gave no (usable) answer. */
    public int status() {
        return status;
    }

    /** The machine-readable {@code code} of the error body, e.g. {@code session_closed}; null when absent. */
    public String code() {
        return code;
    }

    /** The human-readable {@code error} of the error body; null when absent. */
    public String error() {
        return error;
    }

    /** For a closed session: the reason given when it was closed; null otherwise. */
    public String closedReason() {
        return closedReason;
    }

    /** The raw response body; null when there was no answer. */
    public String body() {
        return body;
    }

    /** The session was closed or has expired: no message will be accepted again (use a new chat id). */
    public boolean sessionEnded() {
        return "session_closed".equals(code) || "session_expired".equals(code);
    }
}
