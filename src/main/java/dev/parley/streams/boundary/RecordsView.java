package dev.parley.streams.boundary;

import dev.parley.platform.Bodies;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** A record in the drain endpoint's shape: {@code {data, id, seqNum, headers?}} (wire rule W11). */
final class RecordsView {

    private RecordsView() {
    }

    static JsonObject of(StreamRecord r) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        JsonValue body = r.body() == null || r.body().isEmpty() ? null : Bodies.parse(r.body());
        if (body instanceof JsonObject o) {
            b.add("data", o.getOrDefault("data", Json.createValue(""))).add("id", o.getOrDefault("id", Json.createValue("")));
        } else {
            b.add("data", "").add("id", "");
        }
        b.add("seqNum", r.seq());
        if (r.headers() != null) {
            b.add("headers", Bodies.parse(r.headers()));
        }
        return b.build();
    }
}
