package dev.parley.agent.message;

/** The author of a {@link UIMessage}, as the AI SDK spells it on the wire. */
public enum Role {
    SYSTEM("system"), USER("user"), ASSISTANT("assistant");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Role fromWire(String s) {
        for (Role r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role: " + s);
    }
}
