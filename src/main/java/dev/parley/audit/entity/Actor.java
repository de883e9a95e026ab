package dev.parley.audit.entity;

import java.util.Locale;
import java.util.Objects;

/**
 * Who did an admin action: a console user (local or SSO subject), a secret key by its id, a session token by its
 * environment, or nobody known (a refused sign-in without a valid identity). Never a secret.
 */
public record Actor(Kind kind, String name) {

    public enum Kind {
        CONSOLE, SSO, SECRET_KEY, TOKEN, ANONYMOUS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Actor ANONYMOUS = new Actor(Kind.ANONYMOUS, "anonymous");

    public Actor {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(name);
        // a user name typed at a failed sign-in is caller-chosen text: bounded like the column
        name = name.length() > 256 ? name.substring(0, 256) : name;
    }
}
