package dev.parley.auth.entity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {

    @Test
    void parsesActionTypeAndId() {
        assertEquals(new Scope("read", "sessions", "abc"), Scope.parse("read:sessions:abc"));
    }

    @Test
    void parsesScopeWithoutId() {
        assertEquals(new Scope("write", "runs", null), Scope.parse("write:runs"));
    }

    @Test
    void splitsOnTheFirstTwoColonsOnlySoIdsMayContainColons() {
        Scope s = Scope.parse("read:sessions:tenant:42:chat");
        assertEquals("read", s.action());
        assertEquals("sessions", s.type());
        assertEquals("tenant:42:chat", s.id());
        assertTrue(s.allows("read", "sessions", "tenant:42:chat"));
        assertFalse(s.allows("read", "sessions", "tenant"));
    }

    @Test
    void emptyOrNullTextIsNoScope() {
        assertNull(Scope.parse(""));
        assertNull(Scope.parse(null));
    }

    @Test
    void toStringRendersTheOriginalGrammar() {
        assertEquals("read:sessions:a:b", Scope.parse("read:sessions:a:b").toString());
        assertEquals("write:runs", Scope.parse("write:runs").toString());
        assertEquals("admin", Scope.parse("admin").toString());
    }

    @Test
    void bareAdminIsUniversal() {
        Scope admin = Scope.parse("admin");
        assertTrue(admin.allows("read", "sessions", "s1"));
        assertTrue(admin.allows("write", "runs", null));
        assertTrue(admin.allows("delete", "anything", "x"));
    }

    @Test
    void bareNonAdminActionAllowsNothing() {
        assertFalse(Scope.parse("read").allows("read", "sessions", null));
    }

    @Test
    void adminWithATypeOnlySatisfiesTheAdminAction() {
        Scope s = Scope.parse("admin:sessions");
        assertTrue(s.allows("admin", "sessions", null));
        assertTrue(s.allows("admin", "sessions", "s1"));
        assertFalse(s.allows("read", "sessions", "s1"));
        assertFalse(s.allows("write", "sessions", null));
        assertFalse(s.allows("admin", "runs", null));
    }

    @Test
    void typeAllMatchesEveryTypeForTheAction() {
        Scope s = Scope.parse("read:all");
        assertTrue(s.allows("read", "sessions", "s1"));
        assertTrue(s.allows("read", "runs", null));
        assertFalse(s.allows("write", "sessions", "s1"));
    }

    @Test
    void starActionMatchesEveryActionOnItsType() {
        Scope s = Scope.parse("*:sessions");
        assertTrue(s.allows("read", "sessions", "s1"));
        assertTrue(s.allows("write", "sessions", null));
        assertFalse(s.allows("read", "runs", null));
    }

    @Test
    void scopeWithoutIdCoversTheWholeCollection() {
        Scope s = Scope.parse("read:sessions");
        assertTrue(s.allows("read", "sessions", null));
        assertTrue(s.allows("read", "sessions", "any-id"));
    }

    @Test
    void idScopedScopeOnlyAllowsThatId() {
        Scope s = Scope.parse("read:sessions:s1");
        assertTrue(s.allows("read", "sessions", "s1"));
        assertFalse(s.allows("read", "sessions", "s2"));
        assertFalse(s.allows("read", "sessions", null));
        assertFalse(s.allows("read", "runs", "s1"));
    }
}
