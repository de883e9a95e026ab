package dev.parley.client;

import jakarta.json.JsonObject;

/**
 * The session behind a chat as {@code POST /api/v1/sessions} answered it: {@code cached} is true when the chat
 * already existed (the call is idempotent on the chat id). {@link #json()} holds every field of the answer.
 */
public record SessionInfo(String id, String externalId, String runId, String publicAccessToken, boolean cached, JsonObject json) {
}
