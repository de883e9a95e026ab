package dev.parley.store.entity;

import dev.parley.agent.message.UIMessageChunk;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonStructure;

import java.time.Instant;

/** One slot of a chat's store as stored: its value, the version that wrote it, when and by whom. */
public record StoredSlot(String slot, JsonStructure value, long version, Instant updatedAt, String updatedBy) {

    public static final String AGENT = "agent";
    public static final String CLIENT = "client";

    /** The answer of the store routes; a slot never written has version 0 and value null. */
    public JsonObject json() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("slot", slot).add("version", version);
        if (value == null) {
            b.addNull("value");
        } else {
            b.add("value", value);
        }
        if (updatedAt != null) {
            b.add("updatedAt", updatedAt.toString()).add("updatedBy", updatedBy);
        }
        return b.build();
    }

    /**
     * The {@code data-store} chunk that tells the chat's readers of a change: {@code id} is the slot, so the AI SDK
     * replaces the slot's earlier part in the same message; {@code data} holds the version and the value. A client's
     * change is sent {@code transient} (outside any turn there is no message to hold it).
     */
    public static UIMessageChunk.Data chunk(String slot, long version, JsonStructure value, boolean ephemeral) {
        return new UIMessageChunk.Data("store", slot,
                Json.createObjectBuilder().add("version", version).add("value", value).build(), ephemeral);
    }

    /**
     * The {@code data-store} chunk that tells the chat's readers a slot is gone: version 0 and value null, as a read
     * of a slot never written answers, and {@code deleted: true}; a later write starts the slot again at version 1.
     */
    public static UIMessageChunk.Data deletedChunk(String slot, boolean ephemeral) {
        return new UIMessageChunk.Data("store", slot,
                Json.createObjectBuilder().add("version", 0).addNull("value").add("deleted", true).build(), ephemeral);
    }
}
