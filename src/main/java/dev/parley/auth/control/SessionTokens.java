package dev.parley.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.auth.entity.Caller;
import dev.parley.auth.entity.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Session tokens (wire rule W16, decision D13): HS256 JWTs signed with the environment's secret key, {@code pub:true},
 * {@code sub} = environment id, and the trigger.dev issuer/audience by default — so tokens minted by the SDK's
 * {@code auth.createPublicToken} with the same secret key verify here too.
 */
@ApplicationScoped
public class SessionTokens {

    public static final Duration SESSION_TOKEN_TTL = Duration.ofHours(1);
    public static final Duration MAX_TTL = Duration.ofDays(30);

    @Inject
    @ConfigProperty(name = "parley.token.issuer", defaultValue = "https://id.trigger.dev")
    String issuer;

    @Inject
    @ConfigProperty(name = "parley.token.audience", defaultValue = "https://api.trigger.dev")
    String audience;

    @Inject
    KeyRing keyRing;

    /** The read+write token for one session, addressed by its canonical key (externalId, else friendly id). */
    public String mintForSession(String environmentId, String addressingKey) {
        return mint(environmentId, List.of("read:sessions:" + addressingKey, "write:sessions:" + addressingKey),
                SESSION_TOKEN_TTL);
    }

    public String mint(String environmentId, List<String> scopes, Duration ttl) {
        String secret = keyRing.signingSecret(environmentId);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(environmentId)
                .claim("pub", true)
                .claim("scopes", scopes)
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
    }

    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** Verifies a public token; throws {@link InvalidCredential} with the client-facing message when it fails. */
    public Caller verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidCredential("Public Access Token is invalid");
        }
        if (!Boolean.TRUE.equals(claims.getClaim("pub")) || claims.getSubject() == null) {
            throw new InvalidCredential("Invalid Public Access Token");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidCredential("Public Access Token is invalid");
        }
        String environmentId = claims.getSubject();
        List<String> secrets = keyRing.verificationSecrets(environmentId);
        if (secrets.isEmpty()) {
            throw new InvalidCredential("Invalid Public Access Token");
        }
        if (!signedByAny(jwt, secrets) || expired(claims) || !issuer.equals(claims.getIssuer())
                || claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new InvalidCredential("Public Access Token is invalid");
        }
        return new Caller(environmentId, false, scopes(claims));
    }

    private static boolean signedByAny(SignedJWT jwt, List<String> secrets) {
        for (String s : secrets) {
            try {
                if (jwt.verify(new MACVerifier(s))) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key too short for HS256 cannot have signed it; try the next one
            }
        }
        return false;
    }

    private static boolean expired(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        return exp == null || exp.toInstant().isBefore(Instant.now());
    }

    private static List<Scope> scopes(JWTClaimsSet claims) {
        Object raw = claims.getClaim("scopes");
        List<Scope> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                Scope s = o instanceof String str ? Scope.parse(str) : null;
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    public static class InvalidCredential extends RuntimeException {
        public InvalidCredential(String message) {
            super(message, null, false, false);
        }
    }
}
