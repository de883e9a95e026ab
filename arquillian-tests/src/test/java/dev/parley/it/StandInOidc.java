package dev.parley.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenID provider side of {@link StandInIdp}, strict where a real one is: its authorization endpoint accepts only
 * the registered client and redirect URI with an S256 code challenge, and signs in whoever a test named (no login
 * form); its token endpoint wants the client secret (HTTP Basic), redeems a code once, for the same redirect URI, and
 * only with the verifier of its challenge. A test can make the next ID token carry a wrong nonce or audience.
 */
final class StandInOidc {

    static final String CLIENT_ID = "parley-console-oidc";
    static final String CLIENT_SECRET = "oidc-test-secret";
    static final String REDIRECT_URI = Parley.URL + "/console/api/auth/oidc/callback";

    /** What the next ID token gets wrong, if anything. */
    enum Flaw { NONE, WRONG_NONCE, WRONG_AUDIENCE }

    private record Grant(String challenge, String redirectUri, String nonce, String subject, List<String> groups,
                         Flaw flaw) {
    }

    private final StandInIdp keys;
    private final String issuer;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile String subject = "oidc-user@corp";
    private volatile List<String> groups = List.of("parley-admin");
    private volatile Flaw flaw = Flaw.NONE;
    private volatile int tokenRequests;

    StandInOidc(StandInIdp keys, String issuer) {
        this.keys = keys;
        this.issuer = issuer;
    }

    String issuer() {
        return issuer;
    }

    /** Who the authorization endpoint signs in from now on, and the flaw of the ID tokens it leads to. */
    void signInAs(String subject, Flaw flaw, String... groups) {
        this.subject = subject;
        this.groups = List.of(groups);
        this.flaw = flaw;
    }

    /** How many code exchanges reached the token endpoint, refused or not. */
    int tokenRequests() {
        return tokenRequests;
    }

    void serve(HttpServer http) {
        http.createContext("/.well-known/openid-configuration", ex -> StandInIdp.json(ex, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic"]}""".formatted(issuer)));
        http.createContext("/authorize", this::authorize);
        http.createContext("/token", this::token);
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = form(ex.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || !REDIRECT_URI.equals(q.get("redirect_uri"))) {
            // never redirect to a URI that is not registered (RFC 6749 section 4.1.2.1)
            StandInIdp.json(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String to = q.get("redirect_uri") + "?state=" + encode(q.getOrDefault("state", ""));
        boolean ok = "code".equals(q.get("response_type")) && "S256".equals(q.get("code_challenge_method"))
                && q.getOrDefault("code_challenge", "").matches("[A-Za-z0-9_-]{43}")
                && List.of(q.getOrDefault("scope", "").split(" ")).contains("openid")
                && q.get("state") != null && q.get("nonce") != null;
        if (ok) {
            String code = UUID.randomUUID().toString();
            codes.put(code, new Grant(q.get("code_challenge"), q.get("redirect_uri"), q.get("nonce"), subject, groups, flaw));
            to += "&code=" + code;
        } else {
            to += "&error=invalid_request";
        }
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests++;
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!"POST".equals(ex.getRequestMethod()) || !basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            StandInIdp.json(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant g = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (g == null || !"authorization_code".equals(f.get("grant_type")) || !g.redirectUri().equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null || !g.challenge().equals(s256(f.get("code_verifier")))) {
            StandInIdp.json(ex, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        StandInIdp.json(ex, 200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":300,"id_token":"%s"}"""
                .formatted(UUID.randomUUID(), keys.signed(claims(g))));
    }

    private String claims(Grant g) {
        long now = Instant.now().getEpochSecond();
        String list = String.join(",", g.groups().stream().map(s -> "\"" + s + "\"").toList());
        return """
                {"iss":"%s","aud":"%s","sub":"%s","groups":[%s],"nonce":"%s","iat":%d,"exp":%d}"""
                .formatted(issuer, g.flaw() == Flaw.WRONG_AUDIENCE ? "some-other-client" : CLIENT_ID, g.subject(), list,
                        g.flaw() == Flaw.WRONG_NONCE ? "a-nonce-from-elsewhere" : g.nonce(), now, now + 600);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
