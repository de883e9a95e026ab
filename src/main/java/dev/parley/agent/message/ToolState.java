package dev.parley.agent.message;

/** The life cycle of a tool part (AI SDK v6): streamed input, then approval, then an output, an error or a denial. */
public enum ToolState {
    INPUT_STREAMING("input-streaming"),
    INPUT_AVAILABLE("input-available"),
    APPROVAL_REQUESTED("approval-requested"),
    APPROVAL_RESPONDED("approval-responded"),
    OUTPUT_AVAILABLE("output-available"),
    OUTPUT_ERROR("output-error"),
    OUTPUT_DENIED("output-denied");

    private final String wire;

    ToolState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The state for a wire name, or null for a name this version does not know (the part is then kept verbatim). */
    public static ToolState fromWire(String s) {
        for (ToolState t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        return null;
    }

    /** States in which the call has a final answer the model can see. */
    public boolean resolved() {
        return this == OUTPUT_AVAILABLE || this == OUTPUT_ERROR || this == OUTPUT_DENIED;
    }
}
