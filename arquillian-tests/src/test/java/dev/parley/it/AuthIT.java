package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.message;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Credentials and scopes: secret keys everywhere, session tokens only for their own session (wire rule W16, D13). */
@ExtendWith(ArquillianExtension.class)
class AuthIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    private static String environmentId() {
        return json(send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body()).getString("sub");
    }

    @Test
    void claimsNameTheEnvironmentAndNeedTheSecretKey() {
        JsonObject claims = json(send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body());
        assertEquals(true, claims.getBoolean("pub"));
        assertEquals(401, send("POST", "/api/v1/auth/jwt/claims", null).statusCode());
        assertEquals(401, send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", "Bearer tr_wrong_key_000000000000000000000000").statusCode());
    }

    @Test
    void aSessionTokenReadsAndWritesOnlyItsOwnSession() {
        String a = uniqueChatId();
        String b = uniqueChatId();
        JsonObject sa = createChat(a);
        createChat(b);
        String tokenA = sa.getString("publicAccessToken");
        assertEquals(200, append(a, "in", message(a, "mine"), tokenA).statusCode());
        assertEquals(200, append(sa.getString("id"), "in", message(a, "by friendly id"), tokenA).statusCode(),
                "a token for the externalId also authorises the session_ URL form");
        assertEquals(403, append(b, "in", message(b, "theirs"), tokenA).statusCode());
        assertEquals(403, SseClient.drain(b, "out", tokenA, "Timeout-Seconds", "1").status());
        assertEquals(403, send("GET", "/api/v1/sessions/" + b, null, "Authorization", bearer(tokenA)).statusCode());
        assertEquals(200, SseClient.drain(a, "in", tokenA, "Timeout-Seconds", "1").status());
        assertEquals(403, append(a, "out", "{\"type\":\"start\"}", tokenA).statusCode(), ".out appends need the secret key");
        assertEquals(403, send("POST", "/api/v1/sessions/" + a + "/close", "{}", "Authorization", bearer(tokenA)).statusCode());
        assertEquals(403, send("GET", "/api/v1/sessions", null, "Authorization", bearer(tokenA)).statusCode());
    }

    @Test
    void tokensSignedByTheCustomerWithTheSecretKeyVerify() {
        String chat = uniqueChatId();
        createChat(chat);
        String env = environmentId();
        long exp = System.currentTimeMillis() / 1000 + 900;
        String good = Jwts.sessionToken(KEY, env, "[\"read:sessions:" + chat + "\",\"write:sessions:" + chat + "\"]", exp);
        assertEquals(200, append(chat, "in", message(chat, "hi"), good).statusCode());

        String expired = Jwts.sessionToken(KEY, env, "[\"write:sessions:" + chat + "\"]", System.currentTimeMillis() / 1000 - 5);
        assertEquals(401, append(chat, "in", message(chat, "late"), expired).statusCode());
        String wrongKey = Jwts.sessionToken("tr_other_0123456789abcdefghijklmnopqrstuv", env, "[\"write:sessions:" + chat + "\"]", exp);
        assertEquals(401, append(chat, "in", message(chat, "forged"), wrongKey).statusCode());
        String otherEnv = Jwts.sessionToken(KEY, "env_unknown", "[\"write:sessions:" + chat + "\"]", exp);
        assertEquals(401, append(chat, "in", message(chat, "elsewhere"), otherEnv).statusCode());
        String tampered = good.substring(0, good.lastIndexOf('.') - 2) + "xx" + good.substring(good.lastIndexOf('.'));
        assertEquals(401, append(chat, "in", message(chat, "tampered"), tampered).statusCode());
        String readOnly = Jwts.sessionToken(KEY, env, "[\"read:sessions:" + chat + "\"]", exp);
        assertEquals(403, append(chat, "in", message(chat, "read only"), readOnly).statusCode());
    }

    @Test
    void publicTokensEndpointMintsScopedTokens() {
        String chat = uniqueChatId();
        createChat(chat);
        String token = json(send("POST", "/api/v1/auth/public-tokens",
                "{\"scopes\":[\"read:sessions:" + chat + "\"],\"expirationTime\":\"15m\"}", "Authorization", bearer(KEY)).body())
                .getString("token");
        assertEquals(200, SseClient.drain(chat, "in", token, "Timeout-Seconds", "1").status());
        assertEquals(403, append(chat, "in", message(chat, "x"), token).statusCode());
        assertEquals(400, send("POST", "/api/v1/auth/public-tokens", "{\"scopes\":[]}", "Authorization", bearer(KEY)).statusCode());
        assertEquals(400, send("POST", "/api/v1/auth/public-tokens", "{\"scopes\":[\"read:all\"],\"expirationTime\":\"90d\"}",
                "Authorization", bearer(KEY)).statusCode());
    }

    @Test
    void aTaskScopedTokenCannotTakeOverAnotherTasksSession() {
        String chat = uniqueChatId();
        JsonObject owned = createChat(chat, "demo-approval");
        String env = environmentId();
        long exp = System.currentTimeMillis() / 1000 + 900;
        String demoTask = Jwts.sessionToken(KEY, env, "[\"write:tasks:demo\"]", exp);
        String takeover = """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo",
                 "triggerConfig":{"basePayload":{"messages":[],"trigger":"preload","chatId":"%s","hijacked":true}}}"""
                .formatted(chat, chat);
        var refused = send("POST", "/api/v1/sessions", takeover, "Authorization", bearer(demoTask),
                "Content-Type", "application/json");
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("unauthorized", json(refused.body()).getString("code"));
        assertEquals("false", refused.headers().firstValue("x-should-retry").orElse(null));
        JsonObject after = json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body());
        assertEquals(owned.getString("taskIdentifier"), after.getString("taskIdentifier"));
        assertEquals(false, after.getJsonObject("triggerConfig").getJsonObject("basePayload").containsKey("hijacked"),
                "the triggerConfig is untouched");

        String ownTask = Jwts.sessionToken(KEY, env, "[\"write:tasks:demo-approval\"]", exp);
        var continued = send("POST", "/api/v1/sessions", takeover.replace("\"demo\"", "\"demo-approval\""),
                "Authorization", bearer(ownTask), "Content-Type", "application/json");
        assertEquals(200, continued.statusCode(), "the session's own task may continue it: " + continued.body());
    }
}
