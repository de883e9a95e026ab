package dev.parley.client;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;

/**
 * The JSON-P provider, looked up once per client: {@code Json.createX} would search the service loader on every
 * call. Looked up with the creating thread's context class loader, so inside a Jakarta EE server it is the server's.
 */
final class JsonSupport {

    private final JsonProvider provider;

    JsonSupport() {
        try {
            this.provider = JsonProvider.provider();
        } catch (JsonException e) {
            throw new IllegalStateException("No JSON-P implementation found: outside a Jakarta EE server add one, "
                    + "e.g. org.eclipse.parsson:parsson (see docs/java-client.md)", e);
        }
    }

    JsonObjectBuilder object() {
        return provider.createObjectBuilder();
    }

    JsonArrayBuilder array() {
        return provider.createArrayBuilder();
    }

    JsonValue string(String s) {
        return provider.createValue(s);
    }

    /** Parses any JSON text; throws {@link JsonException} on malformed input. */
    JsonValue parse(String text) {
        try (JsonReader r = provider.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }

    /** The text as a JSON object, or null when it is not one (empty, malformed, or another JSON type). */
    JsonObject objectOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parse(text) instanceof JsonObject o ? o : null;
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }
}
