package dev.parley.runs.control;

import dev.parley.agents.control.AgentDescriptor;
import dev.parley.runs.entity.RunRow;

import java.util.Objects;

/**
 * A run is pinned to the application version that started it (docs/runs.md, "Versions"). Its stored state was
 * written by that version's agent, so a suspended run taken again on another version is not thawed: it ends as an
 * upgrade and a new run (reason {@code UPGRADE}) answers the waiting input on the current code, the same hand-off as
 * {@code Turn.requestUpgrade()}. Only a resumed run is concerned: a new run (first, continuation, upgrade, recovery)
 * starts on the current version anyway.
 */
final class VersionPin {

    private VersionPin() {
    }

    /** Whether {@code row}, taken on a node running {@code current}, must hand over to an upgrade run. */
    static boolean upgradeOnResume(RunRow row, String current, AgentDescriptor agent) {
        if (!row.resumed() || Objects.equals(row.appVersion(), current)) {
            return false;
        }
        return agent == null || !agent.config().resumesAcrossVersions();
    }
}
