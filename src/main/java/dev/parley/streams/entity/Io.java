package dev.parley.streams.entity;

import java.util.Optional;

/** The two channels of a session: {@code in} (client → agent) and {@code out} (agent → client). */
public enum Io {
    IN("in"), OUT("out");

    private final String wire;

    Io(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Io> fromWire(String s) {
        return "in".equals(s) ? Optional.of(IN) : "out".equals(s) ? Optional.of(OUT) : Optional.empty();
    }
}
