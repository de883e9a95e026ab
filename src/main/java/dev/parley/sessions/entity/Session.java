package dev.parley.sessions.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation. The live-run pointer ({@code current_run_id}, {@code current_run_version}) is written only by
 * the optimistic claim in {@code RunClaims}, never by JPA dirty checking.
 */
@Entity
@Table(name = "session")
public class Session {

    @Id
    private String id;

    @Column(name = "friendly_id", nullable = false, unique = true)
    private String friendlyId;

    @Column(name = "environment_id", nullable = false)
    private String environmentId;

    @Column(name = "external_id")
    private String externalId;

    @Column(nullable = false)
    private String type;

    @Column(name = "task_identifier", nullable = false)
    private String taskIdentifier;

    @Column(name = "trigger_config", nullable = false)
    private String triggerConfig;

    @Column
    private String metadata;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "current_run_id", insertable = false, updatable = false)
    private SessionRun currentRun;

    @Column(name = "current_run_version", insertable = false, updatable = false)
    private int currentRunVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "session_tag", joinColumns = @JoinColumn(name = "session_id"))
    @OrderColumn(name = "position")
    @Column(name = "tag")
    private List<String> tags = new ArrayList<>();

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "closed_reason")
    private String closedReason;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Session() {
    }

    public Session(String id, String environmentId, String externalId, String type, String taskIdentifier,
                   String triggerConfig, List<String> tags, String metadata, Instant expiresAt) {
        this.id = id;
        this.friendlyId = "session_" + id;
        this.environmentId = environmentId;
        this.externalId = externalId;
        this.type = type;
        this.taskIdentifier = taskIdentifier;
        this.triggerConfig = triggerConfig;
        this.tags = new ArrayList<>(tags);
        this.metadata = metadata;
        this.expiresAt = expiresAt;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        this.updatedAt = createdAt;
    }

    /** Streams, dedupe keys and token scopes use {@code externalId ?? friendlyId} (wire rule W1). */
    public String addressingKey() {
        return externalId != null ? externalId : friendlyId;
    }

    public boolean closed() {
        return closedAt != null;
    }

    public boolean expired(Instant now) {
        return closedAt == null && expiresAt != null && !expiresAt.isAfter(now);
    }

    public String status(Instant now) {
        return closed() ? "CLOSED" : expired(now) ? "EXPIRED" : "ACTIVE";
    }

    /** First close wins: a second close leaves the row unchanged (wire rule W7). */
    public boolean close(String reason) {
        if (closedAt != null) {
            return false;
        }
        closedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        closedReason = reason;
        touch();
        return true;
    }

    public void replaceTriggerConfig(String config) {
        this.triggerConfig = config;
        touch();
    }

    public void replaceTags(List<String> newTags) {
        this.tags = new ArrayList<>(newTags);
        touch();
    }

    public void replaceMetadata(String newMetadata) {
        this.metadata = newMetadata;
        touch();
    }

    private void touch() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public String id() {
        return id;
    }

    public String friendlyId() {
        return friendlyId;
    }

    public String environmentId() {
        return environmentId;
    }

    public String externalId() {
        return externalId;
    }

    public String type() {
        return type;
    }

    public String taskIdentifier() {
        return taskIdentifier;
    }

    public String triggerConfig() {
        return triggerConfig;
    }

    public String metadata() {
        return metadata;
    }

    public SessionRun currentRun() {
        return currentRun;
    }

    public int currentRunVersion() {
        return currentRunVersion;
    }

    public List<String> tags() {
        return List.copyOf(tags);
    }

    public Instant closedAt() {
        return closedAt;
    }

    public String closedReason() {
        return closedReason;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
