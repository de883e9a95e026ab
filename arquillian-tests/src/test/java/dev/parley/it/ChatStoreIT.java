package dev.parley.it;

import dev.parley.it.probe.StoreFenceProbeAgent;
import dev.parley.it.probe.StoreProbeAgent;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat store's delete route, its slot cap under concurrent writers, and the fence that keeps an agent that lost
 * its run from writing, over real HTTP against real PostgreSQL.
 */
@ExtendWith(ArquillianExtension.class)
class ChatStoreIT {

    private static final String ADD = "[{\"op\":\"add\",\"path\":\"/n\",\"value\":1}]";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(StoreProbeAgent.class, StoreProbeAgent.Notes.class, StoreProbeAgent.Prefs.class,
                StoreFenceProbeAgent.class, StoreFenceProbeAgent.Mark.class);
    }

    private static HttpResponse<String> delete(String chat, String slot, String token, String... more) {
        String[] headers = Stream.concat(Stream.of("Authorization", bearer(token)), Stream.of(more)).toArray(String[]::new);
        return send("DELETE", "/api/v1/sessions/" + chat + "/store/" + slot, null, headers);
    }

    private static List<String> slots(String chat) {
        JsonArray data = json(send("GET", "/api/v1/sessions/" + chat + "/store", null, "Authorization", bearer(KEY)).body())
                .getJsonArray("data");
        return data.getValuesAs(JsonObject.class).stream().map(o -> o.getString("slot")).toList();
    }

    @Test
    void aChatsOwnTokenDeletesASlotConditionallyAndReadersAreToldItIsGone() {
        String chat = uniqueChatId();
        String token = createChat(chat, "it-store").getString("publicAccessToken");
        assertEquals(200, Stores.patch(chat, "prefs", KEY, "[{\"op\":\"add\",\"path\":\"/tone\",\"value\":\"brief\"}]").statusCode());
        assertEquals(200, Stores.patch(chat, "prefs", KEY, "[{\"op\":\"replace\",\"path\":\"/tone\",\"value\":\"warm\"}]").statusCode());

        HttpResponse<String> stale = delete(chat, "prefs", token, "If-Match", "\"1\"");
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals("version_mismatch", json(stale.body()).getString("code"));
        assertEquals(2, Stores.slot(chat, "prefs").getInt("version"), "a refused delete leaves the slot");

        HttpResponse<String> deleted = delete(chat, "prefs", token, "If-Match", "\"2\"");
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(json("{\"slot\":\"prefs\",\"version\":0,\"value\":null}"), Stores.slot(chat, "prefs"));
        assertEquals(List.of(), slots(chat));
        assertEquals(json("{\"type\":\"data-store\",\"id\":\"prefs\",\"data\":{\"version\":0,\"value\":null,\"deleted\":true},"
                + "\"transient\":true}"), Stores.storeChunks(chat).getLast());

        HttpResponse<String> again = delete(chat, "prefs", token);
        assertEquals(404, again.statusCode(), again.body());
        assertEquals("slot_not_found", json(again.body()).getString("code"));
        assertEquals(3, Stores.storeChunks(chat).size(), "two patches and one delete were announced, nothing for the refusals");
        assertEquals(1, json(Stores.patch(chat, "prefs", KEY, ADD).body()).getInt("version"), "a slot written again starts anew");

        assertEquals(400, delete(chat, "__proto__", token).statusCode());
        assertEquals(200, send("POST", "/api/v1/sessions/" + chat + "/close", "{}", "Authorization", bearer(KEY),
                "Content-Type", "application/json").statusCode());
        HttpResponse<String> closed = delete(chat, "prefs", token);
        assertEquals(409, closed.statusCode(), closed.body());
        assertEquals("session_closed", json(closed.body()).getString("code"));
    }

    @Test
    void concurrentWritersCreatingTheLastSlotsNeverPassTheCap() {
        for (int round = 0; round < 4; round++) {
            String chat = uniqueChatId();
            createChat(chat, "it-store");
            for (int i = 0; i < 19; i++) {
                assertEquals(200, Stores.patch(chat, "s" + i, KEY, ADD).statusCode());
            }
            List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                creates.add(Parley.HTTP.sendAsync(HttpRequest.newBuilder(
                                URI.create(Parley.URL + "/api/v1/sessions/" + chat + "/store/new" + i))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", bearer(KEY))
                        .header("Content-Type", "application/json-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(ADD)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = creates.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "one of the racing creates got the 20th slot: "
                    + statuses);
            assertEquals(7, statuses.stream().filter(s -> s == 409).count(), "the others were refused: " + statuses);
            assertEquals(20, slots(chat).size(), "the cap held in the database");
        }
    }

    @Test
    void anAgentWhoseRunLostItsLeaseWritesNothingToTheStore() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-store-fence");
        Chats.say(chat, "wait for the signal");
        JsonObject ready = Stores.slot(chat, "ready");
        for (int i = 0; i < 200 && ready.getInt("version") == 0; i++) {
            Thread.sleep(50);
            ready = Stores.slot(chat, "ready");
        }
        String run = ready.getJsonObject("value").getString("run");
        assertEquals(1, Database.update("update session_run set lease_owner = 'another-node/1' where friendly_id = ?", run),
                "the run is taken away from this node, as a recovery elsewhere would");
        assertEquals(200, Stores.patch(chat, "go", KEY, "[{\"op\":\"add\",\"path\":\"/run\",\"value\":\"" + run + "\"}]").statusCode());

        String outcome = ServerLog.line("store fence probe " + chat);
        for (int i = 0; i < 200 && outcome.isEmpty(); i++) {
            Thread.sleep(50);
            outcome = ServerLog.line("store fence probe " + chat);
        }
        assertTrue(outcome.contains("refused: run " + run + " no longer holds its chat"), outcome);
        assertEquals(0, Stores.slot(chat, "after").getInt("version"), "the write did not land");
    }
}
