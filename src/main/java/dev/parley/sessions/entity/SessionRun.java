package dev.parley.sessions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One execution of a session's agent: the audit row and the run's own state. */
@Entity
@Table(name = "session_run")
public class SessionRun {

    @Id
    private String id;

    @Column(name = "friendly_id", nullable = false, unique = true)
    private String friendlyId;

    @Column(name = "session_id", nullable = false)
    private String sessionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunReason reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus status;

    @Column(nullable = false)
    private boolean continuation;

    @Column(name = "previous_run_id")
    private String previousRunId;

    @Column(nullable = false)
    private String payload;

    @Column(name = "triggered_at", nullable = false)
    private Instant triggeredAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    protected SessionRun() {
    }

    public SessionRun(String id, String sessionId, RunReason reason, SessionRun previous, String payload) {
        this.id = id;
        this.friendlyId = "run_" + id;
        this.sessionId = sessionId;
        this.reason = reason;
        this.status = RunStatus.PENDING;
        this.continuation = previous != null;
        this.previousRunId = previous == null ? null : previous.id;
        this.payload = payload;
        this.triggeredAt = Instant.now();
    }

    public String id() {
        return id;
    }

    public String friendlyId() {
        return friendlyId;
    }

    public String sessionId() {
        return sessionId;
    }

    public RunReason reason() {
        return reason;
    }

    public RunStatus status() {
        return status;
    }

    public boolean continuation() {
        return continuation;
    }

    public String previousRunId() {
        return previousRunId;
    }

    public String payload() {
        return payload;
    }

    public Instant triggeredAt() {
        return triggeredAt;
    }

    public Instant endedAt() {
        return endedAt;
    }
}
