package dev.parley.audit.entity;

import java.time.Instant;

/** One row of the audit log as read back; {@code detail} is a JSON object's text. */
public record AuditEntry(long id, Instant at, String actorKind, String actor, String action, String target,
                         String outcome, String reason, String detail) {
}
