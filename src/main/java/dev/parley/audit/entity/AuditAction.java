package dev.parley.audit.entity;

import java.util.Optional;

/**
 * The admin actions the audit log records: a closed set, so the log can be filtered by action and a new action is
 * a deliberate change here (and in docs/security.md) rather than a string made up at a call site.
 */
public enum AuditAction {
    SIGN_IN, SIGN_OUT,
    SESSION_CLOSE, SESSION_STOP, SESSION_UPDATE, SESSION_END_AND_CONTINUE, RUN_CANCEL,
    ENVIRONMENT_CREATE, KEY_CREATE, KEY_REVOKE,
    PROMPT_OVERRIDE, PROMPT_REVERT,
    DEAD_RUN_REQUEUE,
    PLAYGROUND_START, PLAYGROUND_SEND;

    public static Optional<AuditAction> parse(String name) {
        for (AuditAction a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
