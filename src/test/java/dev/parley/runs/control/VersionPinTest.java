package dev.parley.runs.control;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.RunReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which runs a node hands to an upgrade run instead of thawing them, and where the version comes from. */
class VersionPinTest {

    @ChatAgent(id = "pinned")
    static class Pinned implements Agent {
        static class State {
            int n;
        }

        @Override
        public void run(Turn turn) {
        }
    }

    @ChatAgent(id = "portable", resumesAcrossVersions = true)
    static class Portable implements Agent {
        @Override
        public void run(Turn turn) {
        }
    }

    private static final AgentDescriptor PINNED = AgentDescriptor.of(Pinned.class);

    private static RunRow row(boolean resumed, String version) {
        return new RunRow("r1", "run_r1", "s1", "session_s1", "chat-1", "env", "pinned", RunReason.INITIAL, false, "{}",
                3, 7L, 1, "{}", resumed, 0, version);
    }

    @Test
    void aResumedRunOfAnotherVersionIsUpgraded() {
        assertTrue(VersionPin.upgradeOnResume(row(true, "1"), "2", PINNED));
    }

    @Test
    void aResumedRunStartedBeforeVersionsWereRecordedIsUpgraded() {
        assertTrue(VersionPin.upgradeOnResume(row(true, null), "2", PINNED));
    }

    @Test
    void aResumedRunOfTheSameVersionResumes() {
        assertFalse(VersionPin.upgradeOnResume(row(true, "2"), "2", PINNED));
    }

    @Test
    void aNewRunIsNeverUpgraded() {
        assertFalse(VersionPin.upgradeOnResume(row(false, "1"), "2", PINNED), "it records the current version");
    }

    @Test
    void anAgentThatDeclaresPortableStateResumesAcrossVersions() {
        assertFalse(VersionPin.upgradeOnResume(row(true, "1"), "2", AgentDescriptor.of(Portable.class)));
    }

    @Test
    void aRunWhoseAgentIsNoLongerDeployedIsUpgraded() {
        assertTrue(VersionPin.upgradeOnResume(row(true, "1"), "2", null));
    }

    @Test
    void theDefaultVersionIsADigestOfTheAgentClassesAndTheirNestedClassesInAnyOrder() {
        String both = AppVersion.digest(List.of(Pinned.class, Portable.class));
        assertEquals(both, AppVersion.digest(List.of(Portable.class, Pinned.class)));
        assertEquals(both, AppVersion.digest(List.of(Pinned.class, Portable.class, Pinned.State.class)),
                "a nested class is part of its agent's digest already");
        assertNotEquals(both, AppVersion.digest(List.of(Pinned.class)));
        assertNotEquals(AppVersion.digest(List.of(Pinned.class)), AppVersion.digest(List.of(Pinned.State.class)));
        assertTrue(both.matches("agents-[0-9a-f]{12}"), both);
    }

    @Test
    void aConfiguredVersionIsShortPrintableText() {
        assertEquals("2026.12.1 build 7", AppVersion.checked("2026.12.1 build 7"));
        assertThrows(IllegalStateException.class, () -> AppVersion.checked("v".repeat(AppVersion.MAX_LENGTH + 1)));
        assertThrows(IllegalStateException.class, () -> AppVersion.checked("1\n2"));
    }
}
