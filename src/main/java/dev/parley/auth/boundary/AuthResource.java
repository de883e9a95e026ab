package dev.parley.auth.boundary;

import dev.parley.auth.control.SessionTokens;
import dev.parley.auth.entity.Caller;
import dev.parley.auth.entity.Scope;
import dev.parley.platform.ApiException;
import dev.parley.platform.Bodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Token helpers for the customer's backend (wire rule W18). Secret key only. */
@Path("api/v1/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    SessionTokens tokens;

    @Context
    HttpServletRequest request;

    /** The claims the SDK's {@code auth.createPublicToken} merges into the JWT it signs locally. */
    @POST
    @Path("jwt/claims")
    public String claims() {
        Caller caller = secretKeyCaller();
        return Json.createObjectBuilder().add("sub", caller.environmentId()).add("pub", true).build().toString();
    }

    @POST
    @Path("public-tokens")
    public String publicToken(InputStream body) {
        Caller caller = secretKeyCaller();
        JsonObject req = Bodies.readObject(body, Bodies.CREATE_CAP);
        List<String> scopes = scopes(req.get("scopes"));
        if (scopes.isEmpty()) {
            throw ApiException.badRequest("scopes must be a non-empty array of strings");
        }
        Duration ttl = ExpirationTime.parse(req.get("expirationTime"), Duration.ofMinutes(15), Instant.now());
        return Json.createObjectBuilder().add("token", tokens.mint(caller.environmentId(), scopes, ttl)).build().toString();
    }

    @POST
    @Path("jwt")
    public String jwt(InputStream body) {
        Caller caller = secretKeyCaller();
        String text = Bodies.readText(body, Bodies.CREATE_CAP);
        JsonObject req = text.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : asObject(text);
        List<String> scopes = new ArrayList<>();
        JsonValue claims = req.get("claims");
        if (claims != null && claims.getValueType() == JsonValue.ValueType.OBJECT) {
            scopes = scopes(claims.asJsonObject().get("scopes"));
        }
        Duration ttl = ExpirationTime.parse(req.get("expirationTime"), Duration.ofHours(1), Instant.now());
        return Json.createObjectBuilder().add("token", tokens.mint(caller.environmentId(), scopes, ttl)).build().toString();
    }

    private static JsonObject asObject(String text) {
        JsonValue v = Bodies.parse(text);
        if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("Invalid JSON");
        }
        return v.asJsonObject();
    }

    private Caller secretKeyCaller() {
        Caller caller = Authentication.caller(request);
        if (!caller.secretKey()) {
            throw ApiException.unauthorized("Invalid or Missing API key");
        }
        return caller;
    }

    private static List<String> scopes(JsonValue v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.getValueType() != JsonValue.ValueType.ARRAY) {
            return out;
        }
        for (JsonValue s : (JsonArray) v) {
            if (!(s instanceof JsonString str) || Scope.parse(str.getString()) == null || str.getString().length() > 512) {
                throw ApiException.badRequest("scopes must be a non-empty array of strings");
            }
            out.add(str.getString());
        }
        return out;
    }
}
