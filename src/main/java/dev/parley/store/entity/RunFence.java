package dev.parley.store.entity;

/**
 * The run an agent's store write speaks for ({@code runId}, shown to the agent as {@code friendlyId}), and the node
 * that executes it: the write lands only if that node still holds the run's lease, checked in the write's own
 * transaction. A client's write has no fence.
 */
public record RunFence(String runId, String friendlyId, String node) {
}
