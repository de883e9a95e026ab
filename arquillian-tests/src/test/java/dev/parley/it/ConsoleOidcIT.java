package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's browser sign-in against the stand-in OpenID provider, each redirect followed by hand as a browser
 * would, cookies included: only the browser that started a sign-in, once, with the verifier of its challenge, and an
 * ID token issued for our client with our nonce, to an identity with a console role, gets a console session. Every
 * refusal lands on the login page with a reason and no session.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleOidcIT {

    private static final HttpClient IDP_HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static StandInOidc oidc;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @BeforeAll
    static void idp() {
        oidc = StandInIdp.start().oidc();
    }

    /** The start route's redirect to the IdP and the cookie that binds the sign-in to this "browser". */
    private record Started(String authorize, String browserCookie) {
    }

    @Test
    void theLoginPageIsOfferedTheIdpButton() {
        JsonObject offer = json(send("GET", "/console/api/auth/oidc", null).body());
        assertTrue(offer.getBoolean("enabled"), offer.toString());
        assertEquals("Stand-in IdP", offer.getString("name"));
        assertEquals("/console/api/auth/oidc/start", offer.getString("start"));
    }

    @Test
    void aBrowserSignsInThroughTheIdpWithTheRoleItsGroupsMapTo() {
        oidc.signInAs("olivia@corp", StandInOidc.Flaw.NONE, "engineering", "parley-viewer");
        Started s = start("/console/#/agents");
        Map<String, String> q = StandInOidc.form(URI.create(s.authorize()).getRawQuery());
        assertTrue(s.authorize().startsWith(oidc.issuer() + "/authorize?"), s.authorize());
        assertEquals("code", q.get("response_type"));
        assertEquals(StandInOidc.CLIENT_ID, q.get("client_id"));
        assertEquals(StandInOidc.REDIRECT_URI, q.get("redirect_uri"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(List.of("openid", "profile", "email"), List.of(q.get("scope").split(" ")));
        assertTrue(q.get("state").length() >= 32 && q.get("nonce").length() >= 32, q.toString());
        HttpResponse<String> landed = callback(idp(s.authorize()), s.browserCookie());
        assertEquals(303, landed.statusCode(), landed.body());
        assertEquals("/console/#/agents", location(landed));
        String console = consoleCookie(landed);
        assertTrue(landed.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("parley_console=")
                && c.contains("HttpOnly") && c.contains("SameSite=Strict")), landed.headers().map().toString());
        JsonObject me = json(get(console, "/console/api/auth/me").body());
        assertEquals("olivia@corp", me.getString("subject"));
        assertEquals("parley-viewer", me.getString("role"));
        assertEquals("sso", me.getString("source"));
        assertEquals(403, post(console, "/console/api/environments", "{\"slug\":\"oidc-viewer-made\"}").statusCode());
        HttpResponse<String> audit = get(Console.adminCookie(), "/console/api/audit?limit=5&action=SIGN_IN&actor=olivia@corp");
        JsonObject entry = json(audit.body()).getJsonArray("data").getJsonObject(0);
        assertEquals("done", entry.getString("outcome"), entry.toString());
        assertEquals("oidc", entry.getJsonObject("detail").getString("method"), entry.toString());
        assertEquals("parley-viewer", entry.getJsonObject("detail").getString("role"), entry.toString());
    }

    @Test
    void anAdminGroupSignsInAsAdminAndLandsOnTheConsoleWhenAskedToReturnElsewhere() {
        oidc.signInAs("ada@corp", StandInOidc.Flaw.NONE, "parley-admin");
        Started s = start("https://evil.example/console/");
        HttpResponse<String> landed = callback(idp(s.authorize()), s.browserCookie());
        assertEquals("/console/", location(landed));
        assertEquals("parley-admin", json(get(consoleCookie(landed), "/console/api/auth/me").body()).getString("role"));
        Started twice = start("/console//evil.example");
        assertEquals("/console/", location(callback(idp(twice.authorize()), twice.browserCookie())));
    }

    @Test
    void aWrongOrMissingStateIsRefusedBeforeTheCodeIsSpent() {
        oidc.signInAs("ada@corp", StandInOidc.Flaw.NONE, "parley-admin");
        Started s = start(null);
        String back = idp(s.authorize());
        String state = StandInOidc.form(URI.create(back).getRawQuery()).get("state");
        int exchanges = oidc.tokenRequests();
        assertRefused(callback(back.replace("state=" + state, "state=" + state.substring(1) + "x"), s.browserCookie()), "state");
        assertRefused(callback(back.replace("state=" + state, "other=1"), s.browserCookie()), "state");
        assertRefused(callback(back, null), "state"); // another browser: the state is spent, not honoured
        assertRefused(callback(back, s.browserCookie()), "state");
        assertEquals(exchanges, oidc.tokenRequests(), "no code was exchanged");
    }

    @Test
    void aReplayedCallbackIsRefused() {
        oidc.signInAs("ada@corp", StandInOidc.Flaw.NONE, "parley-admin");
        Started s = start(null);
        String back = idp(s.authorize());
        assertEquals(303, callback(back, s.browserCookie()).statusCode());
        assertRefused(callback(back, s.browserCookie()), "state");
    }

    @Test
    void aCodeRedeemedWithoutTheVerifierOfItsChallengeIsRefusedByTheIdpAndShown() {
        oidc.signInAs("ada@corp", StandInOidc.Flaw.NONE, "parley-admin");
        Started s = start(null);
        String challenge = StandInOidc.form(URI.create(s.authorize()).getRawQuery()).get("code_challenge");
        String forged = s.authorize().replace(challenge, StandInOidc.s256("a-verifier-the-server-never-had-0123456789abc"));
        int exchanges = oidc.tokenRequests();
        assertRefused(callback(idp(forged), s.browserCookie()), "exchange");
        assertEquals(exchanges + 1, oidc.tokenRequests(), "the server did try the exchange");
    }

    @Test
    void anIdTokenWithAnotherNonceOrAudienceIsRefused() {
        for (StandInOidc.Flaw flaw : List.of(StandInOidc.Flaw.WRONG_NONCE, StandInOidc.Flaw.WRONG_AUDIENCE)) {
            oidc.signInAs("mallory@corp", flaw, "parley-admin");
            Started s = start(null);
            assertRefused(callback(idp(s.authorize()), s.browserCookie()), "token");
        }
    }

    @Test
    void anIdentityWithoutAConsoleRoleIsRefused() {
        oidc.signInAs("guest@corp", StandInOidc.Flaw.NONE, "marketing");
        Started s = start(null);
        assertRefused(callback(idp(s.authorize()), s.browserCookie()), "role");
        JsonObject entry = json(get(Console.adminCookie(), "/console/api/audit?limit=5&action=SIGN_IN&actor=guest@corp")
                .body()).getJsonArray("data").getJsonObject(0);
        assertEquals("refused", entry.getString("outcome"), entry.toString());
        assertTrue(entry.getString("reason").startsWith("403"), entry.toString());
    }

    @Test
    void anErrorFromTheIdpLandsOnTheLoginPage() {
        Started s = start(null);
        String state = StandInOidc.form(URI.create(s.authorize()).getRawQuery()).get("state");
        assertRefused(send("GET", "/console/api/auth/oidc/callback?error=access_denied&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8), null, "Cookie", s.browserCookie()), "denied");
    }

    private static Started start(String returnTo) {
        HttpResponse<String> r = send("GET", "/console/api/auth/oidc/start"
                + (returnTo == null ? "" : "?return=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)), null);
        assertEquals(302, r.statusCode(), r.headers().map().toString());
        String set = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_oidc="))
                .findFirst().orElseThrow(() -> new AssertionError("no sign-in cookie: " + r.headers().map()));
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Lax"), set);
        return new Started(location(r), set.substring(0, set.indexOf(';')));
    }

    /** The IdP's answer to the authorization request: where it sends the browser back to. */
    private static String idp(String authorize) {
        try {
            HttpResponse<String> r = IDP_HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, r.statusCode(), r.body());
            String back = r.headers().firstValue("Location").orElseThrow();
            assertTrue(back.startsWith(StandInOidc.REDIRECT_URI + "?"), back);
            assertTrue(back.contains("&code="), back);
            return back;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> callback(String back, String browserCookie) {
        String path = back.substring(Parley.URL.length());
        return browserCookie == null ? send("GET", path, null) : send("GET", path, null, "Cookie", browserCookie);
    }

    private static void assertRefused(HttpResponse<String> r, String reason) {
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/console/?signin_error=" + reason, location(r));
        consoleCookie(r, false);
    }

    private static String consoleCookie(HttpResponse<String> r) {
        return consoleCookie(r, true);
    }

    private static String consoleCookie(HttpResponse<String> r, boolean expected) {
        String set = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_console="))
                .findFirst().orElse(null);
        assertEquals(expected, set != null, r.headers().map().toString());
        return set == null ? null : set.substring(0, set.indexOf(';'));
    }

    /** The Location header, as a path when it points at the server under test. */
    private static String location(HttpResponse<String> r) {
        String to = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + r.headers().map()));
        return to.startsWith(Parley.URL + "/console/") ? to.substring(Parley.URL.length()) : to;
    }
}
