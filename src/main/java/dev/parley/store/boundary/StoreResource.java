package dev.parley.store.boundary;

import dev.parley.auth.boundary.Authentication;
import dev.parley.auth.entity.Caller;
import dev.parley.limits.boundary.Limited;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import dev.parley.sessions.control.SessionAccess;
import dev.parley.sessions.entity.Session;
import dev.parley.sessions.entity.SessionRef;
import dev.parley.store.control.ChatStores;
import dev.parley.store.entity.StoreRefusal;
import dev.parley.store.entity.StoreRules;
import dev.parley.store.entity.StoredSlot;
import dev.parley.streams.control.SessionQuota;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonPatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A chat's shared state as its clients reach it: read a slot (or all), change one with a JSON Patch (RFC 6902), delete
 * one. Scoped as the session's channels are: reading needs {@code read:sessions:<id>}, patching and deleting
 * {@code write:sessions:<id>} (a chat's own public token does both, for its own chat only). Everything is checked
 * before anything is written; a refused change changes nothing. The slot's version is its ETag, and {@code If-Match}
 * makes a patch or a delete conditional.
 */
@Path("api/v1/sessions/{session}/store")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StoreResource {

    static final String JSON_PATCH = "application/json-patch+json";

    @Inject
    SessionAccess access;

    @Inject
    ChatStores stores;

    @Inject
    SessionQuota quota;

    @Context
    HttpServletRequest request;

    @GET
    @Transactional
    public String all(@PathParam("session") String id) {
        Session s = access.forRead(Authentication.caller(request), id);
        JsonArrayBuilder data = Json.createArrayBuilder();
        stores.all(s.id()).forEach(slot -> data.add(slot.json()));
        return Json.createObjectBuilder().add("data", data).build().toString();
    }

    @GET
    @Path("{slot}")
    @Transactional
    public Response read(@PathParam("session") String id, @PathParam("slot") String slot) {
        Session s = access.forRead(Authentication.caller(request), id);
        String name = refusedAsApi(() -> StoreRules.slot(slot));
        return answer(stores.read(s.id(), name).orElse(new StoredSlot(name, null, 0, null, null)));
    }

    @PATCH
    @Path("{slot}")
    @Transactional
    @Limited(Limited.Kind.APPEND)
    public Response patch(@PathParam("session") String id, @PathParam("slot") String slot, InputStream body,
                          @HeaderParam("Content-Type") String contentType, @HeaderParam("If-Match") String ifMatch) {
        Caller caller = Authentication.caller(request);
        String text = Bodies.readText(body, StoreRules.MAX_PATCH_BYTES);
        SessionRef session = writable(caller, id);
        requirePatchType(contentType);
        Long version = version(ifMatch);
        return answer(refusedAsApi(() -> {
            String name = StoreRules.slot(slot);
            JsonPatch patch = StoreRules.patch(text);
            quota.check(session.id());
            return stores.patch(session.id(), name, patch, version);
        }));
    }

    /** Deletes the slot: 204, or 404 when it holds nothing; readers get a {@code data-store} chunk saying it is gone. */
    @DELETE
    @Path("{slot}")
    @Transactional
    @Limited(Limited.Kind.APPEND)
    public Response delete(@PathParam("session") String id, @PathParam("slot") String slot,
                           @HeaderParam("If-Match") String ifMatch) {
        SessionRef session = writable(Authentication.caller(request), id);
        Long version = version(ifMatch);
        boolean deleted = refusedAsApi(() -> stores.delete(session.id(), StoreRules.slot(slot), version, null)).isPresent();
        if (!deleted) {
            throw ApiException.of(404, Json.createObjectBuilder()
                    .add("error", "Slot " + slot + " holds nothing to delete").add("code", "slot_not_found"));
        }
        return Response.noContent().build();
    }

    /** A session its caller may write whose store still takes changes: closed or expired, it is read-only. */
    private SessionRef writable(Caller caller, String id) {
        SessionRef session = access.refForAction(caller, "write", id);
        if (session.closed() || session.expired(Instant.now())) {
            boolean closed = session.closed();
            throw ApiException.of(409, Json.createObjectBuilder()
                    .add("error", closed ? "The session is closed; its store is read-only" : "The session is expired")
                    .add("code", closed ? "session_closed" : "session_expired")).noRetry();
        }
        return session;
    }

    private static Response answer(StoredSlot slot) {
        return Response.ok(slot.json().toString()).header("ETag", "\"" + slot.version() + "\"").build();
    }

    /** RFC 6902's media type; plain JSON too, since a JSON array body cannot be mistaken for anything else. */
    private static void requirePatchType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals(JSON_PATCH) && !base.equals(MediaType.APPLICATION_JSON)) {
            throw ApiException.of(415, Json.createObjectBuilder()
                    .add("error", "Unsupported content type: send a JSON Patch as " + JSON_PATCH)
                    .add("code", "unsupported_media_type"));
        }
    }

    /** {@code If-Match: "3"} (the ETag of a read) names the version the patch was written against. */
    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.length() > 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.of(400, Json.createObjectBuilder()
                    .add("error", "If-Match must be a slot version as its ETag gives it, such as \"3\"")
                    .add("code", "invalid_if_match"));
        }
    }

    private static <T> T refusedAsApi(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreRefusal r) {
            throw ApiException.of(r.status(), Json.createObjectBuilder().add("error", r.getMessage()).add("code", r.code()));
        }
    }
}
