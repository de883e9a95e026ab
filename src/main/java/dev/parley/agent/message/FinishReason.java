package dev.parley.agent.message;

/**
 * Why a model response ended. Only the six values that ai@6's strict {@code finish} schema accepts exist here:
 * ai@7's {@code interrupted} would make ai@6 clients reject the whole stream (wire rule W22).
 */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), CONTENT_FILTER("content-filter"), TOOL_CALLS("tool-calls"), ERROR("error"),
    OTHER("other");

    private final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static FinishReason fromWire(String s) {
        for (FinishReason r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown finishReason: " + s);
    }
}
