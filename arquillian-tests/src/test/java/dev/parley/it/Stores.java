package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The chat store's routes as the container tests call them. */
final class Stores {

    private Stores() {
    }

    /** A JSON Patch on a slot with {@code token}; {@code more} adds headers (an {@code If-Match}). */
    static HttpResponse<String> patch(String chat, String slot, String token, String patch, String... more) {
        String[] headers = Stream.concat(Stream.of("Authorization", bearer(token), "Content-Type", "application/json-patch+json"),
                Stream.of(more)).toArray(String[]::new);
        return send("PATCH", "/api/v1/sessions/" + chat + "/store/" + slot, patch, headers);
    }

    /** A slot as the secret key reads it. */
    static JsonObject slot(String chat, String slot) {
        HttpResponse<String> r = send("GET", "/api/v1/sessions/" + chat + "/store/" + slot, null, "Authorization", bearer(KEY));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    /** The data-store chunks on .out so far (the non-blocking drain: {@code {data, id, seqNum, headers?}}). */
    static List<JsonObject> storeChunks(String chat) {
        JsonArray records = json(send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null,
                "Authorization", bearer(KEY)).body()).getJsonArray("records");
        return records.getValuesAs(JsonObject.class).stream().filter(r -> !r.containsKey("headers"))
                .map(r -> r.get("data")).filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                .filter(c -> "data-store".equals(c.getString("type", ""))).toList();
    }
}
