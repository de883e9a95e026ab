package dev.parley.console.control;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The IdP of the console's browser sign-in, as its OIDC discovery document describes it
 * ({@code <issuer>/.well-known/openid-configuration}, OpenID Connect Discovery 1.0 section 4). The document is fetched
 * on first use and again after {@link #REFRESH}; its {@code issuer} must be the configured one (section 4.3), so a
 * document served elsewhere cannot redirect the sign-in. A failed fetch is not cached.
 */
@ApplicationScoped
public class OidcProvider {

    static final Duration REFRESH = Duration.ofHours(1);
    /** Far above a real discovery document or token response; bounds what a misbehaving IdP can make us read. */
    static final int MAX_BODY = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    @ConfigProperty(name = "parley.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "parley.oidc.client.id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "parley.oidc.client.secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "parley.oidc.redirect.uri")
    Optional<String> redirectUri;

    /** Asked for besides {@code openid}; space- or comma-separated. */
    @Inject
    @ConfigProperty(name = "parley.oidc.scopes", defaultValue = "profile email")
    String scopes;

    @Inject
    @ConfigProperty(name = "parley.oidc.display.name", defaultValue = "SSO")
    String displayName;

    private volatile Endpoints endpoints;

    /** What discovery told us; {@code jwks} caches the IdP's keys and fetches them anew for a key id it has not seen. */
    public record Endpoints(String issuer, URI authorization, URI token, JWKSource<SecurityContext> jwks,
                            boolean postSecret, Instant fetched) {
    }

    public boolean enabled() {
        return issuer.filter(s -> !s.isBlank()).isPresent() && clientId.filter(s -> !s.isBlank()).isPresent();
    }

    public String displayName() {
        return displayName.isBlank() ? "SSO" : displayName.strip();
    }

    public String clientId() {
        return clientId.orElseThrow().strip();
    }

    public Optional<String> clientSecret() {
        return clientSecret.filter(s -> !s.isBlank());
    }

    public Optional<String> configuredRedirectUri() {
        return redirectUri.filter(s -> !s.isBlank()).map(String::strip);
    }

    public String scope() {
        StringBuilder s = new StringBuilder("openid");
        for (String one : scopes.split("[\\s,]+")) {
            if (!one.isBlank() && !one.equals("openid")) {
                s.append(' ').append(one);
            }
        }
        return s.toString();
    }

    public Endpoints endpoints() {
        if (!enabled()) {
            throw new OidcRefusal("off", "Sign-in with an identity provider is not configured");
        }
        Endpoints e = endpoints;
        if (e == null || e.fetched().plus(REFRESH).isBefore(Instant.now())) {
            e = discover(issuer.orElseThrow().strip());
            endpoints = e;
        }
        return e;
    }

    private static Endpoints discover(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonObject doc = getJson(URI.create(base + "/.well-known/openid-configuration"));
        if (!issuer.equals(string(doc, "issuer"))) {
            throw new OidcRefusal("idp", "The identity provider's discovery document names another issuer");
        }
        try {
            URI jwksUri = URI.create(string(doc, "jwks_uri"));
            // Nimbus' defaults (0.5 s) are too short for an IdP on a busy network
            JWKSource<SecurityContext> jwks = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(),
                    new DefaultResourceRetriever(5000, 5000, MAX_BODY)).retrying(true).build();
            boolean postOnly = doc.get("token_endpoint_auth_methods_supported") instanceof jakarta.json.JsonArray methods
                    && !methods.contains(Json.createValue("client_secret_basic"))
                    && methods.contains(Json.createValue("client_secret_post"));
            return new Endpoints(issuer, URI.create(string(doc, "authorization_endpoint")),
                    URI.create(string(doc, "token_endpoint")), jwks, postOnly, Instant.now());
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new OidcRefusal("idp", "The identity provider's discovery document has an unusable endpoint", e);
        }
    }

    /** POSTs a form to the token endpoint; the parsed JSON answer of a 200, else a refusal naming only the status. */
    JsonObject postForm(URI uri, String form, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build(), "exchange");
    }

    private static JsonObject getJson(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
                .GET().build(), "idp");
    }

    private static JsonObject send(HttpRequest request, String reason) {
        try {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (r.statusCode() != 200 || body.length > MAX_BODY) {
                throw new OidcRefusal(reason, "The identity provider answered " + r.statusCode() + " at " + request.uri().getPath());
            }
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                return reader.readObject();
            }
        } catch (java.io.IOException | jakarta.json.JsonException | ClassCastException e) {
            throw new OidcRefusal(reason, "The identity provider could not be reached or did not answer JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OidcRefusal(reason, "Interrupted while waiting for the identity provider", e);
        }
    }

    static String string(JsonObject json, String key) {
        if (json.get(key) instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw new OidcRefusal("idp", "The identity provider's answer lacks " + key);
    }
}
