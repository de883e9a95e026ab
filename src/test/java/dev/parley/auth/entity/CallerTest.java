package dev.parley.auth.entity;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTest {

    private static Caller token(String... scopes) {
        return new Caller("env1", false, Arrays.stream(scopes).map(Scope::parse).toList());
    }

    @Test
    void secretKeyCallerCanDoEverything() {
        Caller c = Caller.secretKey("env1");
        assertTrue(c.can("read", "sessions", "s1"));
        assertTrue(c.can("delete", "whatever"));
        assertTrue(c.canCollection("write", "runs"));
    }

    @Test
    void tokenWithoutScopesCanDoNothing() {
        Caller c = token();
        assertFalse(c.can("read", "sessions", "s1"));
        assertFalse(c.can("read", "sessions"));
        assertFalse(c.canCollection("read", "sessions"));
    }

    @Test
    void eitherIdFormListedAuthorises() {
        Caller c = token("read:sessions:chat-7");
        assertTrue(c.can("read", "sessions", "session_abc", "chat-7"));
        assertTrue(c.can("read", "sessions", "chat-7", "session_abc"));
        assertFalse(c.can("read", "sessions", "session_abc", "chat-8"));
    }

    @Test
    void nullIdsAreSkipped() {
        assertFalse(token("read:sessions:s1").can("read", "sessions", (String) null));
        assertTrue(token("read:sessions:s1").can("read", "sessions", null, "s1"));
        assertFalse(token("read:sessions").can("read", "sessions", (String) null));
    }

    @Test
    void idScopedTokenDoesNotSatisfyCollectionCheck() {
        Caller c = token("read:sessions:s1");
        assertTrue(c.can("read", "sessions", "s1"));
        assertFalse(c.canCollection("read", "sessions"));
        assertFalse(c.can("read", "sessions"));
    }

    @Test
    void collectionScopeSatisfiesCollectionAndEveryId() {
        Caller c = token("read:sessions");
        assertTrue(c.canCollection("read", "sessions"));
        assertTrue(c.can("read", "sessions", "s1"));
        assertFalse(c.canCollection("write", "sessions"));
    }

    @Test
    void bareAdminTokenSatisfiesEveryCheck() {
        Caller c = token("admin");
        assertTrue(c.canCollection("write", "sessions"));
        assertTrue(c.can("read", "runs", "r1"));
    }

    @Test
    void typedAdminTokenIsNotUniversal() {
        Caller c = token("admin:sessions");
        assertTrue(c.canCollection("admin", "sessions"));
        assertFalse(c.canCollection("read", "sessions"));
        assertFalse(c.can("write", "sessions", "s1"));
    }

    @Test
    void allTypeAndStarActionAuthorise() {
        assertTrue(token("write:all").canCollection("write", "runs"));
        assertFalse(token("write:all").canCollection("read", "runs"));
        assertTrue(token("*:sessions:s1").can("write", "sessions", "s1"));
        assertFalse(token("*:sessions:s1").canCollection("write", "sessions"));
    }

    @Test
    void anyOfSeveralScopesAuthorises() {
        Caller c = token("read:runs", "write:sessions:s1");
        assertTrue(c.can("write", "sessions", "s1"));
        assertTrue(c.can("read", "runs", "r9"));
        assertFalse(c.can("write", "sessions", "s2"));
    }

    @Test
    void scopesAreCopiedDefensivelyAndEnvironmentIsRequired() {
        java.util.ArrayList<Scope> scopes = new java.util.ArrayList<>(List.of(Scope.parse("read:sessions")));
        Caller c = new Caller("env1", false, scopes);
        scopes.clear();
        assertTrue(c.canCollection("read", "sessions"));
        assertThrows(NullPointerException.class, () -> new Caller(null, false, List.of()));
    }
}
