package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A minimal reader of Parley's S2-dialect SSE streams, for assertions on exactly what a client receives. */
final class SseClient {

    record Event(String name, String id, String data) {
    }

    record Result(int status, HttpResponse<InputStream> response, List<Event> events, boolean done) {

        List<JsonObject> records() {
            List<JsonObject> out = new ArrayList<>();
            for (Event e : events) {
                if ("batch".equals(e.name())) {
                    JsonArray rs = Parley.json(e.data()).getJsonArray("records");
                    rs.forEach(v -> out.add(v.asJsonObject()));
                }
            }
            return out;
        }

        List<Long> seqs() {
            return records().stream().map(r -> r.getJsonNumber("seq_num").longValue()).toList();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private SseClient() {
    }

    /** Reads until {@code [DONE]}, end of stream, or until {@code stop} matches an event. */
    static Result read(String base, String session, String io, String token, Predicate<Event> stop, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/realtime/v1/sessions/" + session + "/" + io))
                .header("Accept", "text/event-stream").header("Authorization", Parley.bearer(token))
                .timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return read(b.build(), stop);
    }

    /** Reads any SSE response until {@code [DONE]}, end of stream, or until {@code stop} matches an event. */
    static Result read(HttpRequest request, Predicate<Event> stop) {
        try {
            HttpResponse<InputStream> r = Parley.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            List<Event> events = new ArrayList<>();
            boolean done = false;
            if (r.statusCode() == 200) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String name = null, id = null;
                    StringBuilder data = new StringBuilder();
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.isEmpty()) {
                            if (!data.isEmpty()) {
                                Event e = new Event(name, id, data.toString());
                                if ("[DONE]".equals(e.data())) {
                                    done = true;
                                    break;
                                }
                                events.add(e);
                                if (stop.test(e)) {
                                    break;
                                }
                            }
                            name = null;
                            id = null;
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).trim();
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5).stripLeading());
                        }
                    }
                }
            } else {
                r.body().close();
            }
            return new Result(r.statusCode(), r, events, done);
        } catch (Exception e) {
            throw new IllegalStateException("SSE read failed", e);
        }
    }

    static Result drain(String session, String io, String token, String... headers) {
        return read(Parley.URL, session, io, token, e -> false, headers);
    }

    /** Stops once a batch has delivered the record with {@code seq} (the tail also names seqs, so parse). */
    static Predicate<Event> untilSeq(long seq) {
        return e -> "batch".equals(e.name()) && Parley.json(e.data()).getJsonArray("records").stream()
                .anyMatch(r -> r.asJsonObject().getJsonNumber("seq_num").longValue() == seq);
    }

    static JsonValue dataOf(JsonObject record) {
        return Parley.json(record.getString("body")).get("data");
    }
}
