package dev.parley.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat page is off unless configured (the production default): no credential-less chats, and / says so. */
@ExtendWith(ArquillianExtension.class)
class ChatPageOffIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void theRootExplainsHowToTurnThePageOn() {
        HttpResponse<String> page = send("GET", "/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("PARLEY_CHAT_PAGE_ENABLED"), page.body());
        assertTrue(!page.body().contains("/chat-page/app.js"), "the page's script is not loaded when the page is off");
    }

    @Test
    void theSessionEndpointStartsNothing() {
        String chatId = uniqueChatId();
        HttpResponse<String> r = send("POST", "/chat-page/api/session", "{\"chatId\":\"" + chatId + "\"}",
                "Content-Type", "application/json");
        assertEquals(404, r.statusCode());
        assertTrue(json(r.body()).getString("error").contains("PARLEY_CHAT_PAGE_ENABLED"), r.body());
        assertEquals(404, send("GET", "/api/v1/sessions/" + chatId, null, "Authorization", bearer(KEY)).statusCode(),
                "no session was created");
    }
}
