package dev.parley.it;

import com.sun.net.httpserver.HttpServer;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A stand-in enterprise identity provider for the console's SSO tests: its own RSA key pair, a JWKS endpoint the
 * server under test fetches ({@code PARLEY_SSO_JWKS_URI}), and RS256 tokens with whatever claims a test needs. For the
 * browser sign-in it is also an OpenID provider ({@link StandInOidc}: discovery, authorization, token endpoints).
 */
final class StandInIdp {

    static final String ISSUER = "https://idp.parley.test";
    static final String AUDIENCE = "parley-console";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static StandInIdp running;

    private final KeyPair keys = generate();
    private final String kid = UUID.randomUUID().toString();
    private StandInOidc oidc;

    private StandInIdp() {
    }

    /** One per test JVM: the server caches the JWKS it fetched, so the key pair must not change under it. */
    static synchronized StandInIdp start() {
        if (running == null) {
            StandInIdp idp = new StandInIdp();
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("parley.idp.port")), 0);
                http.createContext("/jwks", ex -> json(ex, 200, idp.jwks()));
                idp.oidc = new StandInOidc(idp, "http://127.0.0.1:" + http.getAddress().getPort());
                idp.oidc.serve(http);
                http.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stand-in IdP could not listen", e);
            }
            running = idp;
        }
        return running;
    }

    /** The OpenID provider side of this IdP. */
    StandInOidc oidc() {
        return oidc;
    }

    /** Claims as JSON text, signed with this IdP's key. */
    String signed(String claims) {
        return sign(keys, claims);
    }

    /** A token valid for an hour, with the given groups, signed with this IdP's key. */
    String token(String subject, String... groups) {
        return token(ISSUER, AUDIENCE, Instant.now().plusSeconds(3600), subject, groups);
    }

    String token(String issuer, String audience, Instant expires, String subject, String... groups) {
        return sign(keys, claims(issuer, audience, expires, subject, groups));
    }

    /** The same claims signed by a key the IdP never published. */
    String forged(String subject, String... groups) {
        return sign(generate(), claims(ISSUER, AUDIENCE, Instant.now().plusSeconds(3600), subject, groups));
    }

    private String claims(String issuer, String audience, Instant expires, String subject, String... groups) {
        StringBuilder g = new StringBuilder("[");
        for (int i = 0; i < groups.length; i++) {
            g.append(i == 0 ? "" : ",").append('"').append(groups[i]).append('"');
        }
        long now = Instant.now().getEpochSecond();
        return """
                {"iss":"%s","aud":"%s","sub":"%s","upn":"%s","groups":%s,"iat":%d,"exp":%d,"jti":"%s"}"""
                .formatted(issuer, audience, subject, subject, g.append(']'), Math.min(now, expires.getEpochSecond() - 60),
                        expires.getEpochSecond(), UUID.randomUUID());
    }

    private String sign(KeyPair pair, String claims) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void json(com.sun.net.httpserver.HttpExchange ex, int status, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private String jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        return """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                .formatted(kid, unsigned(pub.getModulus()), unsigned(pub.getPublicExponent()));
    }

    private static String unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return B64.encodeToString(b);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
