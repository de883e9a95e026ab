package dev.parley.console.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.parley.console.entity.OidcSignInStart;
import dev.parley.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The authorization code flow with PKCE (RFC 7636, S256 only) and the ID token checks of OpenID Connect Core 1.0
 * section 3.1.3.7: signed by a key the IdP publishes (never {@code none}, never a MAC), issued by the configured
 * issuer for our client id, live, not issued in the future, carrying the nonce this browser's sign-in sent.
 * No token is logged or put in a URL: refusals name what failed, never the value.
 */
@ApplicationScoped
public class OidcTokens {

    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final long SKEW_SECONDS = 60;

    @Inject
    OidcProvider provider;

    @Inject
    @ConfigProperty(name = "parley.sso.user.claim", defaultValue = "sub")
    String userClaim;

    @Inject
    @ConfigProperty(name = "parley.sso.groups.claim", defaultValue = "groups")
    String groupsClaim;

    /** Who the IdP vouched for, and until when its ID token holds. */
    public record Verified(String subject, List<String> groups, Instant expires) {
    }

    /** A fresh start: 64 random characters of the verifier alphabet (RFC 7636 section 4.1), a nonce of 43. */
    public static OidcSignInStart start(String redirectUri, String returnTo) {
        return new OidcSignInStart(Ids.random(64), Ids.random(43), redirectUri, returnTo);
    }

    public URI authorization(String state, OidcSignInStart start) {
        OidcProvider.Endpoints e = provider.endpoints();
        String query = "response_type=code&client_id=" + form(provider.clientId()) + "&redirect_uri="
                + form(start.redirectUri()) + "&scope=" + form(provider.scope()) + "&state=" + form(state) + "&nonce="
                + form(start.nonce()) + "&code_challenge=" + challenge(start.verifier()) + "&code_challenge_method=S256";
        String base = e.authorization().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query);
    }

    /** Exchanges the code for tokens and checks the ID token. */
    public Verified redeem(String code, OidcSignInStart start) {
        OidcProvider.Endpoints e = provider.endpoints();
        StringBuilder body = new StringBuilder("grant_type=authorization_code&code=").append(form(code))
                .append("&redirect_uri=").append(form(start.redirectUri()))
                .append("&code_verifier=").append(form(start.verifier()));
        String authorization = null;
        if (provider.clientSecret().isEmpty() || e.postSecret()) {
            body.append("&client_id=").append(form(provider.clientId()));
            provider.clientSecret().ifPresent(s -> body.append("&client_secret=").append(form(s)));
        } else {
            // RFC 6749 section 2.3.1: both parts form-encoded before they are joined and base64-encoded
            authorization = "Basic " + Base64.getEncoder().encodeToString((form(provider.clientId()) + ":"
                    + form(provider.clientSecret().orElseThrow())).getBytes(StandardCharsets.UTF_8));
        }
        JsonObject answer = provider.postForm(e.token(), body.toString(), authorization);
        if (!(answer.get("id_token") instanceof jakarta.json.JsonString idToken)) {
            throw new OidcRefusal("exchange", "The identity provider's token answer has no ID token");
        }
        return verify(idToken.getString(), start.nonce(), e);
    }

    private Verified verify(String idToken, String nonce, OidcProvider.Endpoints e) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, e.jwks()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(provider.clientId(),
                new JWTClaimsSet.Builder().issuer(e.issuer()).claim("nonce", nonce).build(), Set.of("sub", "iat", "exp")));
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (java.text.ParseException | BadJOSEException | JOSEException ex) {
            // the library's message may quote claim values (the nonce): the kind of failure is enough to name
            throw new OidcRefusal("token", "The identity provider's ID token was refused ("
                    + (ex instanceof com.nimbusds.jwt.proc.BadJWTException ? "its claims" : "its form or signature") + ")");
        }
        Date issued = claims.getIssueTime();
        if (issued.toInstant().isAfter(Instant.now().plusSeconds(SKEW_SECONDS))) {
            throw new OidcRefusal("token", "The identity provider's ID token was issued in the future");
        }
        // OIDC Core 3.1.3.7 item 4 and 5: a token for several audiences must name us as its authorized party
        if (claims.getAudience().size() > 1 && !provider.clientId().equals(claims.getClaim("azp"))) {
            throw new OidcRefusal("token", "The identity provider's ID token names another authorized party");
        }
        Object name = claims.getClaim(userClaim);
        String subject = name instanceof String s && !s.isBlank() ? s : claims.getSubject();
        if (subject.length() > 256) {
            throw new OidcRefusal("token", "The identity provider's ID token names a subject over 256 characters");
        }
        return new Verified(subject, groups(claims.getClaim(groupsClaim)), claims.getExpirationTime().toInstant());
    }

    private static List<String> groups(Object claim) {
        if (claim instanceof String s) {
            return List.of(s);
        }
        if (claim instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
