package dev.parley.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A chat's shared state ({@code chat.store}) as a client reaches it: read slots, change one with a JSON Patch
 * (RFC 6902), delete one. A version given with a change makes it conditional ({@code If-Match}): it lands only if the
 * slot is still at that version, else {@link ParleyException} with status 412 and code {@code version_mismatch}, and
 * nothing changes. Changes are not retried (a repeated patch could apply twice); reads are.
 */
public final class ChatStore {

    private final Requests requests;
    private final String chat;
    private final Supplier<String> token;

    ChatStore(Requests requests, String chat, Supplier<String> token) {
        this.requests = requests;
        this.chat = chat;
        this.token = token;
    }

    /** Every slot that holds a value, by name. */
    public List<StoreSlot> all() {
        String what = "reading the store of chat " + chat;
        HttpResponse<String> r = requests.send(what, "GET", path(null), null, token.get(), Map.of(), true);
        JsonObject o = requests.json.objectOrNull(r.body());
        if (o == null || !(o.get("data") instanceof JsonArray data)) {
            throw ParleyException.protocol(what + ": unexpected answer " + r.body());
        }
        return data.getValuesAs(JsonObject.class).stream().map(s -> StoreSlot.of(s, what)).toList();
    }

    /** The slot; one that holds nothing answers version 0 and a null value. */
    public StoreSlot read(String slot) {
        String what = "reading slot " + slot + " of chat " + chat;
        return slot(requests.send(what, "GET", path(slot), null, token.get(), Map.of(), true), what);
    }

    /** Applies {@code patch} (an array of RFC 6902 operations) to the slot's value, or to {@code {}} if it holds none. */
    public StoreSlot patch(String slot, JsonArray patch) {
        return patch(slot, patch, Map.of());
    }

    /** As {@link #patch(String, JsonArray)}, only if the slot is at {@code version} (0: only if it holds nothing). */
    public StoreSlot patch(String slot, JsonArray patch, long version) {
        return patch(slot, patch, ifMatch(version));
    }

    /** Deletes the slot; false if it held nothing. */
    public boolean delete(String slot) {
        return delete(slot, Map.of());
    }

    /** As {@link #delete(String)}, only if the slot is at {@code version}. */
    public boolean delete(String slot, long version) {
        return delete(slot, ifMatch(version));
    }

    private StoreSlot patch(String slot, JsonArray patch, Map<String, String> headers) {
        String what = "patching slot " + slot + " of chat " + chat;
        return slot(requests.send(what, "PATCH", path(slot), patch.toString(), token.get(), headers, false), what);
    }

    private boolean delete(String slot, Map<String, String> headers) {
        try {
            requests.send("deleting slot " + slot + " of chat " + chat, "DELETE", path(slot), null, token.get(), headers, false);
            return true;
        } catch (ParleyException e) {
            if (e.status() == 404 && "slot_not_found".equals(e.code())) {
                return false;
            }
            throw e;
        }
    }

    private StoreSlot slot(HttpResponse<String> r, String what) {
        return StoreSlot.of(requests.json.objectOrNull(r.body()), what);
    }

    private static Map<String, String> ifMatch(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("a slot version is 0 or more, not " + version);
        }
        return Map.of("If-Match", "\"" + version + "\"");
    }

    private String path(String slot) {
        return "/api/v1/sessions/" + Chat.segment(chat) + "/store" + (slot == null ? "" : "/" + Chat.segment(slot));
    }
}
