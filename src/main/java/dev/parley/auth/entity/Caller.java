package dev.parley.auth.entity;

import java.util.List;
import java.util.Objects;

/**
 * Who is calling: an environment plus either its secret key (every scope; {@code keyId} names the key) or a public
 * token's scopes ({@code keyId} null). Route checks go through {@link #can}.
 */
public record Caller(String environmentId, boolean secretKey, List<Scope> scopes, String keyId) {

    public Caller(String environmentId, boolean secretKey, List<Scope> scopes) {
        this(environmentId, secretKey, scopes, null);
    }

    public static Caller secretKey(String environmentId) {
        return new Caller(environmentId, true, List.of());
    }

    public static Caller secretKey(String environmentId, String keyId) {
        return new Caller(environmentId, true, List.of(), keyId);
    }

    /** True if any scope allows the action on the resource type with any of the given ids (null ids are skipped). */
    public boolean can(String action, String type, String... ids) {
        if (secretKey) {
            return true;
        }
        for (Scope s : scopes) {
            if (ids.length == 0) {
                if (s.allows(action, type, null)) {
                    return true;
                }
                continue;
            }
            for (String id : ids) {
                if (id != null && s.allows(action, type, id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Collection-level access: a scope without an id (or admin / all). */
    public boolean canCollection(String action, String type) {
        return secretKey || scopes.stream().anyMatch(s -> s.allows(action, type, null));
    }

    public Caller {
        Objects.requireNonNull(environmentId);
        scopes = List.copyOf(scopes);
    }
}
