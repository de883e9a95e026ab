package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Instant;

import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Console.sso;
import static dev.parley.it.Console.ssoCookie;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Enterprise SSO through MicroProfile JWT against a stand-in IdP (its own keys, a JWKS served by this test): only a
 * token with the configured issuer, audience, a live expiry, a published key and a mapped group gets a console
 * session, and a viewer's session cannot change anything. MP JWT must leave /api/v1 and /realtime/v1 alone.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleSsoIT {

    private static StandInIdp idp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @BeforeAll
    static void idp() {
        idp = StandInIdp.start();
    }

    @Test
    void adminGroupSignsInAsAdmin() {
        HttpResponse<String> r = sso(idp.token("alice@corp", "parley-admin"));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject me = json(get(Console.cookieOf(r), "/console/api/auth/me").body());
        assertEquals("parley-admin", me.getString("role"));
        assertEquals("sso", me.getString("source"));
        assertEquals("alice@corp", me.getString("subject"));
    }

    @Test
    void viewerReadsButCannotCloseASession() {
        String id = createChat(uniqueChatId()).getString("id");
        String viewer = ssoCookie(idp.token("victor@corp", "parley-viewer", "engineering"));
        assertEquals(200, get(viewer, "/console/api/sessions/" + id).statusCode());
        assertEquals(200, get(viewer, "/console/api/agents").statusCode());
        HttpResponse<String> close = post(viewer, "/console/api/sessions/" + id + "/close", "{}");
        assertEquals(403, close.statusCode(), close.body());
        assertEquals(403, post(viewer, "/console/api/sessions/" + id + "/stop", null).statusCode());
        assertEquals("ACTIVE", json(get(viewer, "/console/api/sessions/" + id).body()).getString("status"));
        assertEquals(403, post(viewer, "/console/api/playground", "{\"agent\":\"demo\"}").statusCode());
        assertEquals(403, post(viewer, "/console/api/environments", "{\"slug\":\"viewer-made\"}").statusCode());
        assertEquals(403, post(viewer, "/console/api/environments/default/keys", null).statusCode());
        assertEquals(200, get(viewer, "/console/api/environments").statusCode());
    }

    @Test
    void tokensTheIdpDidNotIssueForUsAreRejected() {
        Instant later = Instant.now().plusSeconds(3600);
        assertEquals(401, sso(idp.token("https://evil.example", StandInIdp.AUDIENCE, later, "mallory", "parley-admin")).statusCode(),
                "wrong issuer");
        assertEquals(401, sso(idp.token(StandInIdp.ISSUER, "some-other-app", later, "mallory", "parley-admin")).statusCode(),
                "wrong audience");
        assertEquals(401, sso(idp.token(StandInIdp.ISSUER, StandInIdp.AUDIENCE, Instant.now().minusSeconds(3600),
                "mallory", "parley-admin")).statusCode(), "expired");
        assertEquals(401, sso(idp.forged("mallory", "parley-admin")).statusCode(), "signed by an unpublished key");
        assertEquals(401, sso("not-a-jwt").statusCode());
        assertEquals(401, send("POST", "/console/api/auth/sso", null).statusCode(), "no token");
    }

    @Test
    void aRefusedTokenIsA401InTheErrorShape() {
        Instant later = Instant.now().plusSeconds(3600);
        assertRefusedInErrorShape(sso(idp.token("https://evil.example", StandInIdp.AUDIENCE, later, "mallory",
                "parley-admin")), "wrong issuer");
        assertRefusedInErrorShape(sso(idp.forged("mallory", "parley-admin")), "signed by an unpublished key");
        assertRefusedInErrorShape(sso("not-a-jwt"), "no JWT");
        assertRefusedInErrorShape(send("POST", "/console/api/auth/sso", null), "no token");
    }

    private static void assertRefusedInErrorShape(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim(), what);
        assertEquals("A valid token from the configured identity provider is required",
                json(r.body()).getString("error"), what);
        assertEquals(0, r.headers().allValues("Set-Cookie").size(), what);
    }

    @Test
    void aValidTokenWithoutAMappedGroupGetsNoConsoleSession() {
        HttpResponse<String> r = sso(idp.token("guest@corp", "marketing"));
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(0, r.headers().allValues("Set-Cookie").size());
    }

    @Test
    void idpTokensOpenNothingElseAndTheApiKeepsItsOwnCredentials() {
        String token = idp.token("alice@corp", "parley-admin");
        assertEquals(401, send("GET", "/console/api/agents", null, "Authorization", bearer(token)).statusCode());
        assertEquals(401, send("GET", "/api/v1/sessions", null, "Authorization", bearer(token)).statusCode());
        JsonObject chat = createChat(uniqueChatId());
        assertEquals(200, send("GET", "/api/v1/sessions/" + chat.getString("id"), null, "Authorization", bearer(KEY)).statusCode());
        assertEquals(200, send("GET", "/api/v1/sessions/" + chat.getString("id"), null, "Authorization",
                bearer(chat.getString("publicAccessToken"))).statusCode());
    }
}
