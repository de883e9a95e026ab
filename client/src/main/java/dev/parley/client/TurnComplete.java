package dev.parley.client;

/**
 * How a reply ended: the {@code .out} seq of its boundary record (the chat's new {@code lastEventId}), the highest
 * {@code .in} seq the agent had consumed ({@code session-in-event-id}; null if the server named none), the refreshed
 * session token if one came with it, and whether the session was closed with this turn.
 */
public record TurnComplete(long seq, Long inEventId, String publicAccessToken, boolean sessionClosed, String closedReason) {
}
