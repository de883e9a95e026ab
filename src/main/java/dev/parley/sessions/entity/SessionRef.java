package dev.parley.sessions.entity;

import java.time.Instant;

/**
 * The few columns of a session that the append hot path needs, read in one row without the run or tag joins
 * the full entity brings along.
 */
public record SessionRef(String id, String friendlyId, String externalId, Instant closedAt, String closedReason,
                         Instant expiresAt) {

    public boolean closed() {
        return closedAt != null;
    }

    public boolean expired(Instant now) {
        return closedAt == null && expiresAt != null && !expiresAt.isAfter(now);
    }
}
