package dev.parley.console.entity;

import java.util.Optional;

/** The two console roles. An admin may do everything a viewer may, and change things. */
public enum ConsoleRole {
    VIEWER("parley-viewer"), ADMIN("parley-admin");

    private final String wire;

    ConsoleRole(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean covers(ConsoleRole required) {
        return this == ADMIN || required == VIEWER;
    }

    public static Optional<ConsoleRole> fromWire(String value) {
        for (ConsoleRole r : values()) {
            if (r.wire.equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
