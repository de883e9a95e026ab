package dev.parley.auth.entity;

/**
 * One token scope, {@code action:type[:id]} (wire rule W17). Split on the first two colons only, since ids may contain
 * colons. {@code admin} alone is universal; {@code all} as the type matches every type; a scope without an id covers
 * the whole collection.
 */
public record Scope(String action, String type, String id) {

    public static Scope parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] p = text.split(":", 3);
        return new Scope(p[0], p.length > 1 ? p[1] : null, p.length > 2 ? p[2] : null);
    }

    /** Whether this scope allows {@code action} on {@code type} (and, when given, the resource {@code id}). */
    public boolean allows(String requiredAction, String requiredType, String requiredId) {
        if (type == null) {
            return "admin".equals(action);
        }
        boolean actionOk = action.equals(requiredAction) || action.equals("*");
        if (!actionOk) {
            return false;
        }
        if (type.equals("all")) {
            return true;
        }
        if (!type.equals(requiredType)) {
            return false;
        }
        return id == null || (requiredId != null && id.equals(requiredId));
    }

    @Override
    public String toString() {
        return action + (type == null ? "" : ":" + type) + (id == null ? "" : ":" + id);
    }
}
