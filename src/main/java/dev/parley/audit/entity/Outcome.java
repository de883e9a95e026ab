package dev.parley.audit.entity;

import java.util.Locale;

/** Done, refused (a 4xx: the reason is the answer's error), or failed (an unexpected error; nothing changed). */
public enum Outcome {
    DONE, REFUSED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
