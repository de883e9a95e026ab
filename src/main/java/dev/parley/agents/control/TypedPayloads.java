package dev.parley.agents.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads client data and action payloads into the types an agent declares ({@code @ChatAgent(clientData=…,
 * actions=…)}) and validates them with Bean Validation. A payload that does not fit fails the turn with a clear
 * message (the client sees an {@code error} chunk, then the turn completes); the append itself was accepted.
 */
@ApplicationScoped
public class TypedPayloads {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    Validator validator;

    /** Throws {@link IllegalArgumentException} naming what is wrong; a {@code Void} type accepts anything. */
    public void check(String what, JsonValue payload, Class<?> type) {
        if (type == Void.class) {
            return;
        }
        Object value;
        try {
            value = JSONB.fromJson(payload == null ? "null" : payload.toString(), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("Invalid " + what + ": not a " + type.getSimpleName() + " (" + e.getMessage() + ")");
        }
        if (value == null) {
            throw new IllegalArgumentException("Invalid " + what + ": required");
        }
        if (validator == null) {
            return; // constructed outside a container (offline agent tests): the types are checked, not the constraints
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("Invalid " + what + ": " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
    }
}
