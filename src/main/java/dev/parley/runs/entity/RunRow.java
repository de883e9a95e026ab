package dev.parley.runs.entity;

import dev.parley.sessions.entity.RunReason;

/**
 * What an executing run loads from its row when a node takes it on: enough to rebuild the run after a suspension,
 * on any node. {@code resumed} is true when the run was SUSPENDED (same run id, state kept); {@code executedMs} is
 * the time its turns have taken so far; {@code appVersion} the application version that started it (null for runs
 * started before versions were recorded).
 */
public record RunRow(String runId, String friendlyId, String sessionId, String sessionFriendlyId, String addressingKey,
                     String environmentId, String agentId, RunReason reason, boolean continuation, String payload,
                     long inCursor, Long turnCompleteSeq, int turns, String state, boolean resumed,
                     long executedMs, String appVersion) {
}
