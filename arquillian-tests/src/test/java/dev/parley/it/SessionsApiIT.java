package dev.parley.it;

import dev.parley.it.probe.StoreProbeAgent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sessions API over real HTTP, in the response shapes the official client validates. */
@ExtendWith(ArquillianExtension.class)
class SessionsApiIT {

    private static final List<String> CREATED_KEYS = List.of("id", "externalId", "type", "taskIdentifier", "tags",
            "metadata", "closedAt", "closedReason", "expiresAt", "createdAt", "updatedAt", "runId", "publicAccessToken", "isCached");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(StoreProbeAgent.class, StoreProbeAgent.Notes.class, StoreProbeAgent.Prefs.class);
    }

    private static HttpResponse<String> create(String body) {
        return send("POST", "/api/v1/sessions", body, "Authorization", bearer(KEY), "Content-Type", "application/json");
    }

    private static String body(String chat) {
        return """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo","metadata":{"user":"u1"},"tags":["a","b"],
                 "triggerConfig":{"basePayload":{"messages":[],"trigger":"preload","chatId":"%s"},"tags":["chat:%s"],"ttl":"ignored"}}"""
                .formatted(chat, chat, chat);
    }

    @Test
    void createIsIdempotentOnExternalId() {
        String chat = uniqueChatId();
        HttpResponse<String> first = create(body(chat));
        assertEquals(201, first.statusCode(), first.body());
        JsonObject a = json(first.body());
        CREATED_KEYS.forEach(k -> assertTrue(a.containsKey(k), "missing key " + k));
        assertFalse(a.getBoolean("isCached"));
        assertTrue(a.getString("id").startsWith("session_"));
        assertTrue(a.getString("runId").startsWith("run_"));
        assertEquals(a.getString("runId"), a.getString("currentRunId"));
        assertFalse(a.getJsonObject("triggerConfig").containsKey("ttl"), "unknown trigger config keys are dropped");

        HttpResponse<String> again = create(body(chat));
        assertEquals(200, again.statusCode());
        JsonObject b = json(again.body());
        assertTrue(b.getBoolean("isCached"));
        assertEquals(a.getString("id"), b.getString("id"));
        assertEquals(a.getString("runId"), b.getString("runId"), "the live run is reused");
        assertEquals(List.of("a", "b"), b.getJsonArray("tags").getValuesAs(jakarta.json.JsonString::getString));
    }

    @Test
    void retrieveByEitherIdAndUnknownIs404WithoutRetry() {
        String chat = uniqueChatId();
        JsonObject created = createChat(chat);
        JsonObject byExternal = json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body());
        JsonObject byFriendly = json(send("GET", "/api/v1/sessions/" + created.getString("id"), null, "Authorization", bearer(KEY)).body());
        assertEquals(byExternal, byFriendly);
        HttpResponse<String> missing = send("GET", "/api/v1/sessions/session_nope", null, "Authorization", bearer(KEY));
        assertEquals(404, missing.statusCode());
        assertEquals("false", missing.headers().firstValue("x-should-retry").orElse(null));
    }

    @Test
    void closeIsFirstWinsAndCreateAfterCloseIsATerminal409() {
        String chat = uniqueChatId();
        createChat(chat);
        JsonObject closed = json(send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"first\"}",
                "Authorization", bearer(KEY)).body());
        assertEquals("first", closed.getString("closedReason"));
        JsonObject again = json(send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"second\"}",
                "Authorization", bearer(KEY)).body());
        assertEquals("first", again.getString("closedReason"));
        assertEquals(closed.getString("closedAt"), again.getString("closedAt"));
        HttpResponse<String> recreate = create(body(chat));
        assertEquals(409, recreate.statusCode());
        assertEquals("false", recreate.headers().firstValue("x-should-retry").orElse(null));
        assertEquals(400, send("POST", "/api/v1/sessions/" + chat + "/close", "", "Authorization", bearer(KEY)).statusCode(),
                "close needs a body");
    }

    @Test
    void patchReplacesTagsAndMetadataButNeverTheExternalId() {
        String chat = uniqueChatId();
        createChat(chat);
        JsonObject p = json(send("PATCH", "/api/v1/sessions/" + chat, "{\"tags\":[\"x\"],\"metadata\":{\"k\":1}}",
                "Authorization", bearer(KEY), "Content-Type", "application/json").body());
        assertEquals("[\"x\"]", p.getJsonArray("tags").toString());
        assertEquals(1, p.getJsonObject("metadata").getInt("k"));
        assertEquals(422, send("PATCH", "/api/v1/sessions/" + chat, "{\"externalId\":\"other\"}",
                "Authorization", bearer(KEY)).statusCode());
        JsonObject cleared = json(send("PATCH", "/api/v1/sessions/" + chat, "{\"metadata\":null}", "Authorization", bearer(KEY)).body());
        assertTrue(cleared.isNull("metadata"));
    }

    @Test
    void listIsNewestFirstWithCursorsAndFilters() {
        String tag = "t-" + uniqueChatId();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String chat = uniqueChatId();
            HttpResponse<String> r = create(body(chat).replace("[\"a\",\"b\"]", "[\"" + tag + "\"]"));
            ids.add(json(r.body()).getString("id"));
        }
        JsonObject page1 = json(send("GET", "/api/v1/sessions?page[size]=2&filter[tags]=" + tag, null, "Authorization", bearer(KEY)).body());
        assertEquals(2, page1.getJsonArray("data").size());
        String next = page1.getJsonObject("pagination").getString("next");
        JsonObject page2 = json(send("GET", "/api/v1/sessions?page[size]=2&filter[tags]=" + tag + "&page[after]=" + next, null,
                "Authorization", bearer(KEY)).body());
        JsonObject page3 = json(send("GET", "/api/v1/sessions?page[size]=2&filter[tags]=" + tag + "&page[after]="
                + page2.getJsonObject("pagination").getString("next"), null, "Authorization", bearer(KEY)).body());
        Set<String> seen = new HashSet<>();
        for (JsonObject page : List.of(page1, page2, page3)) {
            page.getJsonArray("data").forEach(v -> assertTrue(seen.add(v.asJsonObject().getString("id"))));
        }
        assertEquals(ids, seen);
        assertFalse(page3.getJsonObject("pagination").containsKey("next"));
        String newest = page1.getJsonArray("data").getJsonObject(0).getString("createdAt");
        String second = page1.getJsonArray("data").getJsonObject(1).getString("createdAt");
        assertTrue(newest.compareTo(second) >= 0, "newest first");
        assertEquals(400, send("GET", "/api/v1/sessions?page[size]=0", null, "Authorization", bearer(KEY)).statusCode());
        assertEquals(0, json(send("GET", "/api/v1/sessions?filter[tags]=" + tag + "&filter[status]=CLOSED", null,
                "Authorization", bearer(KEY)).body()).getJsonArray("data").size());
    }

    @Test
    void endAndContinueSwapsOnlyForTheCallingRun() {
        String chat = uniqueChatId();
        String run1 = createChat(chat).getString("runId");
        JsonObject swap = json(send("POST", "/api/v1/sessions/" + chat + "/end-and-continue",
                "{\"callingRunId\":\"" + run1 + "\",\"reason\":\"upgrade\"}", "Authorization", bearer(KEY)).body());
        assertTrue(swap.getBoolean("swapped"));
        String run2 = swap.getString("runId");
        assertNotEquals(run1, run2);
        JsonObject stale = json(send("POST", "/api/v1/sessions/" + chat + "/end-and-continue",
                "{\"callingRunId\":\"" + run1 + "\",\"reason\":\"upgrade\"}", "Authorization", bearer(KEY)).body());
        assertFalse(stale.getBoolean("swapped"));
        assertEquals(run2, stale.getString("runId"));
        assertEquals(404, send("POST", "/api/v1/sessions/" + chat + "/end-and-continue",
                "{\"callingRunId\":\"run_nope\",\"reason\":\"upgrade\"}", "Authorization", bearer(KEY)).statusCode());
    }

    @Test
    void malformedRequestsGetTheDocumentedErrors() {
        assertEquals(400, create("{not json").statusCode());
        assertEquals("Invalid JSON", json(create("{not json").body()).getString("error"));
        assertEquals("Request body is empty", json(create("").body()).getString("error"));
        assertEquals(400, create("{\"type\":\"chat.agent\",\"taskIdentifier\":\"d\"}").statusCode());
        assertEquals(400, create(body("session_reserved")).statusCode());
        assertEquals(413, create("{\"pad\":\"" + "x".repeat(33 * 1024) + "\"}").statusCode());
        assertEquals(415, send("POST", "/api/v1/sessions", body(uniqueChatId()), "Authorization", bearer(KEY),
                "Content-Type", "application/xml").statusCode());
        HttpResponse<String> preflight = send("OPTIONS", "/api/v1/sessions", null, "Origin", "http://app.example",
                "Access-Control-Request-Headers", "authorization,x-part-id");
        assertEquals(200, preflight.statusCode());
        assertEquals("authorization,x-part-id", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    void aChatsOwnTokenReadsAndPatchesItsStoreWithVersionsAsETags() {
        String chat = uniqueChatId();
        String token = createChat(chat, "it-store").getString("publicAccessToken");
        HttpResponse<String> empty = send("GET", "/api/v1/sessions/" + chat + "/store/prefs", null, "Authorization", bearer(token));
        assertEquals(200, empty.statusCode(), empty.body());
        assertEquals(json("{\"slot\":\"prefs\",\"version\":0,\"value\":null}"), json(empty.body()));
        assertEquals("\"0\"", empty.headers().firstValue("ETag").orElse(null));

        HttpResponse<String> first = Stores.patch(chat, "prefs", token, "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(1, json(first.body()).getInt("version"));
        assertEquals("client", json(first.body()).getString("updatedBy"));
        assertEquals("\"1\"", first.headers().firstValue("ETag").orElse(null));

        HttpResponse<String> stale = Stores.patch(chat, "prefs", token, "[{\"op\":\"replace\",\"path\":\"/tone\",\"value\":\"long\"}]",
                "If-Match", "\"0\"");
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals("version_mismatch", json(stale.body()).getString("code"));
        HttpResponse<String> current = Stores.patch(chat, "prefs", token, "[{\"op\":\"replace\",\"path\":\"/tone\",\"value\":\"warm\"}]",
                "If-Match", "\"1\"");
        assertEquals(200, current.statusCode(), current.body());

        JsonObject prefs = Stores.slot(chat, "prefs");
        assertEquals(2, prefs.getInt("version"));
        assertEquals(json("{\"tone\":\"warm\"}"), prefs.getJsonObject("value"));
        JsonArray all = json(send("GET", "/api/v1/sessions/" + chat + "/store", null, "Authorization", bearer(token)).body())
                .getJsonArray("data");
        assertEquals(List.of("prefs"), all.getValuesAs(JsonObject.class).stream().map(o -> o.getString("slot")).toList());

        List<JsonObject> sent = Stores.storeChunks(chat);
        assertEquals(2, sent.size(), "each applied patch, and only those, reached the readers: " + sent);
        assertEquals(json("{\"type\":\"data-store\",\"id\":\"prefs\",\"data\":{\"version\":2,\"value\":{\"tone\":\"warm\"}},"
                + "\"transient\":true}"), sent.getLast());
    }

    @Test
    void theStoreRefusesPrototypeKeysAndBadPatchesInTheErrorShapeAndChangesNothing() {
        String chat = uniqueChatId();
        createChat(chat, "it-store");
        assertEquals(200, Stores.patch(chat, "prefs", KEY, "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]").statusCode());
        record Refused(String slot, String body, String contentType, int status, String code) {
        }
        List<Refused> cases = List.of(
                new Refused("prefs", "[{\"op\":\"add\",\"path\":\"/__proto__/admin\",\"value\":true}]", null, 400, "forbidden_key"),
                new Refused("prefs", "[{\"op\":\"move\",\"from\":\"/tone\",\"path\":\"/constructor\"}]", null, 400, "forbidden_key"),
                new Refused("prefs", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":{\"prototype\":{\"x\":1}}}]", null, 400, "forbidden_key"),
                new Refused("__proto__", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]", null, 400, "forbidden_key"),
                new Refused("prefs", "{\"tone\":\"merge-patch\"}", null, 400, "invalid_patch"),
                new Refused("prefs", "[{\"op\":\"test\",\"path\":\"/tone\",\"value\":\"long\"},"
                        + "{\"op\":\"replace\",\"path\":\"/tone\",\"value\":\"rude\"}]", null, 409, "patch_failed"),
                new Refused("prefs", "[{\"op\":\"add\",\"path\":\"/big\",\"value\":\"" + "x".repeat(65 * 1024) + "\"}]", null, 413, null),
                new Refused("prefs", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]", "application/merge-patch+json", 415,
                        "unsupported_media_type"));
        for (Refused c : cases) {
            HttpResponse<String> r = send("PATCH", "/api/v1/sessions/" + chat + "/store/" + c.slot(), c.body(),
                    "Authorization", bearer(KEY), "Content-Type", c.contentType() == null ? "application/json-patch+json" : c.contentType());
            assertEquals(c.status(), r.statusCode(), c + ": " + r.body());
            JsonObject error = json(r.body());
            assertTrue(error.containsKey("error"), r.body());
            if (c.code() != null) {
                assertEquals(c.code(), error.getString("code"), r.body());
            }
        }
        JsonObject prefs = Stores.slot(chat, "prefs");
        assertEquals(1, prefs.getInt("version"), "no refused patch wrote anything");
        assertEquals(json("{\"tone\":\"brief\"}"), prefs.getJsonObject("value"));
        assertEquals(1, Stores.storeChunks(chat).size(), "and none was announced");
    }

    @Test
    void theAgentAndAClientShareSlotsAcrossSuspensionAndAClientsChangeLeavesTheChatSettled() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-store");
        assertEquals(200, Stores.patch(chat, "prefs", KEY, "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]").statusCode());

        say(chat, "one");
        SseClient.Result first = untilTurns(chat, -1, 1);
        List<JsonObject> turn = chunks(first.records());
        assertEquals("tone=brief notes=1", text(turn), "the agent read the client's slot");
        JsonObject part = turn.stream().filter(c -> "data-store".equals(c.getString("type"))).reduce((a, b) -> b).orElseThrow();
        assertEquals(json("{\"type\":\"data-store\",\"id\":\"notes\",\"data\":{\"version\":1,\"value\":{\"items\":[\"one\"]}}}"),
                part, "the agent's write is a part of its answer, replaced by id");
        assertEquals("agent", Stores.slot(chat, "notes").getString("updatedBy"));
        long tc = first.records().stream().filter(r -> "turn-complete".equals(Chats.control(r)))
                .mapToLong(r -> r.getJsonNumber("seq_num").longValue()).max().orElseThrow();

        assertEquals(200, Stores.patch(chat, "notes", KEY, "[{\"op\":\"add\",\"path\":\"/items/-\",\"value\":\"two\"}]").statusCode());
        SseClient.Result peek = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "30", "X-Peek-Settled", "1");
        assertEquals("true", peek.header("X-Session-Settled"), "a client's change between turns is no turn in flight");

        String run = currentRun(chat);
        String status = null;
        for (int i = 0; i < 40 && !"SUSPENDED".equals(status); i++) {
            Thread.sleep(250);
            status = runStatus(run);
        }
        assertEquals("SUSPENDED", status, "idle past its 1 s timeout");
        say(chat, "three");
        assertEquals("tone=brief notes=3", text(chunks(untilTurns(chat, tc, 1).records())));
        JsonObject notes = Stores.slot(chat, "notes");
        assertEquals(json("{\"items\":[\"one\",\"two\",\"three\"]}"), notes.getJsonObject("value"),
                "the resumed run's update kept the client's item");
        assertEquals(3, notes.getInt("version"));
    }
}
