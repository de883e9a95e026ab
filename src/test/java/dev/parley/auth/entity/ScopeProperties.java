package dev.parley.auth.entity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token scopes (spec §7.2) as they arrive in a token's claims: any text reads, and reads back to itself. */
class ScopeProperties {

    @Property
    void anyScopeTextReadsBackToItself(@ForAll("scopeTexts") String text) {
        Scope scope = Scope.parse(text);
        assertEquals(text, scope.toString());
        assertEquals(scope, Scope.parse(scope.toString()));
    }

    @Property
    void aScopeForOneResourceAllowsNoOtherResource(@ForAll("words") String action, @ForAll("words") String type,
                                                   @ForAll("ids") String id, @ForAll("ids") String other) {
        Scope scope = Scope.parse(action + ":" + type + ":" + id);
        assertTrue(type.equals("all") || scope.allows(action, type, id));
        assertEquals(id.equals(other) || type.equals("all"), scope.allows(action, type, other));
        assertFalse(!type.equals("all") && scope.allows(action, type + "x", id), "another type");
    }

    @Provide
    Arbitrary<String> scopeTexts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withChars("rwadmin:*sessionsall").ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(Arbitraries.of("read", "write", "admin", "*", "sessions", "tasks", "all"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
    }
}
