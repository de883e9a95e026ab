package dev.parley.auth.control;

import dev.parley.auth.entity.Caller;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns an {@code Authorization} header into a {@link Caller}: a secret key, or a verified public token. */
@ApplicationScoped
public class Callers {

    @Inject
    KeyRing keyRing;

    @Inject
    SessionTokens tokens;

    public Caller resolve(String authorization) {
        String credential = bearer(authorization);
        if (credential == null) {
            throw ApiException.unauthorized("Invalid or Missing API key");
        }
        if (SessionTokens.looksLikeJwt(credential)) {
            try {
                return tokens.verify(credential);
            } catch (SessionTokens.InvalidCredential e) {
                throw ApiException.unauthorized(e.getMessage());
            }
        }
        return keyRing.keyOfSecret(credential).map(k -> Caller.secretKey(k.environmentId(), k.keyId()))
                .orElseThrow(() -> ApiException.unauthorized("Invalid or Missing API key"));
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String h = authorization.trim();
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String c = h.substring(7).trim();
        return c.isEmpty() || c.length() > 8192 ? null : c;
    }
}
