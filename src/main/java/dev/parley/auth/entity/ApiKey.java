package dev.parley.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A secret API key. Only its hash and a sealed copy are stored; the plain key is shown once at creation. */
@Entity
@Table(name = "api_key")
@NamedQuery(name = ApiKey.BY_HASH, query = "select k from ApiKey k where k.keyHash = :hash")
@NamedQuery(name = ApiKey.ACTIVE_OF_ENVIRONMENT,
        query = "select k from ApiKey k where k.environmentId = :environment and k.revokedAt is null order by k.createdAt desc")
public class ApiKey {

    public static final String BY_HASH = "ApiKey.byHash";
    public static final String ACTIVE_OF_ENVIRONMENT = "ApiKey.activeOfEnvironment";

    @Id
    private String id;

    @Column(name = "environment_id", nullable = false)
    private String environmentId;

    @Column(name = "key_hash", nullable = false, unique = true)
    private String keyHash;

    @Column(name = "key_hint", nullable = false)
    private String keyHint;

    @Column(name = "sealed_secret", nullable = false)
    private String sealedSecret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    public ApiKey(String id, String environmentId, String keyHash, String keyHint, String sealedSecret) {
        this.id = id;
        this.environmentId = environmentId;
        this.keyHash = keyHash;
        this.keyHint = keyHint;
        this.sealedSecret = sealedSecret;
        this.createdAt = Instant.now();
    }

    public String id() {
        return id;
    }

    public String environmentId() {
        return environmentId;
    }

    public String keyHint() {
        return keyHint;
    }

    public String sealedSecret() {
        return sealedSecret;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }
}
