package dev.parley.sessions.entity;

import java.util.Locale;

/** Why a run was started, as recorded on its SessionRun row. */
public enum RunReason {
    INITIAL, CONTINUATION, UPGRADE, MANUAL, RECOVERY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** end-and-continue keeps the known reasons and records anything else as manual (wire rule W8). */
    public static RunReason fromWire(String s) {
        if (s != null) {
            for (RunReason r : values()) {
                if (r != RECOVERY && r.wire().equals(s)) {
                    return r;
                }
            }
        }
        return MANUAL;
    }
}
