package dev.parley.platform;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered in the documented shape: {@code {"error": "..."}} plus optional fields
 * ({@code ok:false}, {@code code}, …) and headers such as {@code x-should-retry}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient JsonObject body;
    private final transient Map<String, String> headers;

    public ApiException(int status, JsonObject body, Map<String, String> headers) {
        super(body.getString("error", "error"), null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public static ApiException of(int status, String error) {
        return new ApiException(status, Json.createObjectBuilder().add("error", error).build(), Map.of());
    }

    /** The realtime routes answer {@code {"ok":false,"error":…}}. */
    public static ApiException notOk(int status, String error) {
        return new ApiException(status, Json.createObjectBuilder().add("ok", false).add("error", error).build(), Map.of());
    }

    public static ApiException of(int status, JsonObjectBuilder body) {
        return new ApiException(status, body.build(), Map.of());
    }

    public static ApiException badRequest(String error) {
        return of(400, error);
    }

    public static ApiException notFound() {
        return of(404, "Not found");
    }

    public static ApiException unauthorized(String error) {
        return of(401, error);
    }

    /** The scope-check failure body of the reference server. */
    public static ApiException forbiddenScope() {
        return of(403, Json.createObjectBuilder()
                .add("error", "Unauthorized")
                .add("code", "unauthorized")
                .add("param", "access_token")
                .add("type", "authorization"));
    }

    public static ApiException tooLarge() {
        return of(413, "Request body too large");
    }

    /** Terminal: tells the SDK's HTTP client not to retry (decision D2). */
    public ApiException noRetry() {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("x-should-retry", "false");
        return new ApiException(status, body, h);
    }

    public int status() {
        return status;
    }

    public JsonObject body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
