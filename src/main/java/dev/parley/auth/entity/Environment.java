package dev.parley.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tenant: its own sessions, keys and token-signing secret. */
@Entity
@Table(name = "environment")
public class Environment {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Environment() {
    }

    public Environment(String id, String slug, String name) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.createdAt = Instant.now();
    }

    public String id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
