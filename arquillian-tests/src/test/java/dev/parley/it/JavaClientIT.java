package dev.parley.it;

import dev.parley.client.Chat;
import dev.parley.client.ChatStore;
import dev.parley.client.Chunk;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.Reply;
import dev.parley.client.StoreSlot;
import dev.parley.client.TurnComplete;
import dev.parley.it.probe.HookLog;
import dev.parley.it.probe.ProbeAgent;
import dev.parley.it.probe.SteeringProbeAgent;
import dev.parley.it.probe.StoreProbeAgent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java client (client/) against the real server: what a JAX-RS backend or another service does with it. */
@ExtendWith(ArquillianExtension.class)
class JavaClientIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProbeAgent.class, ProbeAgent.Counter.class, HookLog.class,
                SteeringProbeAgent.class, SteeringProbeAgent.Query.class, StoreProbeAgent.class, StoreProbeAgent.Notes.class,
                StoreProbeAgent.Prefs.class);
    }

    private ParleyClient parley;

    @BeforeEach
    void connect() {
        parley = client(Parley.URL);
    }

    @AfterEach
    void disconnect() {
        parley.close();
    }

    private static ParleyClient client(String url) {
        return ParleyClient.builder().baseUrl(url).secretKey(KEY).streamTimeout(Duration.ofSeconds(30)).build();
    }

    /** What the server stored on {@code .out} after {@code cursor}, up to the n-th turn-complete. */
    private static List<JsonObject> stored(String chat, long cursor, int turns) {
        return Chats.untilTurns(chat, cursor, turns).records();
    }

    @Test
    void twoTurnsStreamAsStoredAndTheSecondHasTheHistory() {
        String id = uniqueChatId();
        Chat chat = parley.chat("it-probe").id(id).build();
        Reply first = chat.send("hello");
        List<Chunk> chunks = new ArrayList<>();
        first.forEach(chunks::add);
        List<JsonObject> records = stored(id, -1, 1);
        assertEquals(chunks(records), chunks.stream().map(Chunk::json).toList(), "the reply is exactly the stored turn");
        assertEquals("start", chunks.getFirst().type());
        assertEquals("finish", chunks.getLast().type());
        assertTrue(first.text().startsWith("state-turn=1 history=1"), first.text());
        TurnComplete end = first.end().orElseThrow();
        assertEquals(first.inSeq(), end.inEventId());
        assertEquals(records.getLast().getJsonNumber("seq_num").longValue(), end.seq());
        assertEquals(end.seq(), chat.lastEventId());
        assertNotNull(end.publicAccessToken(), "the turn rotated the session token");

        Reply second = chat.send("again");
        assertTrue(second.text().startsWith("state-turn=2 history=3"), second.text());
        assertEquals(text(chunks(stored(id, end.seq(), 1))), second.text());
    }

    @Test
    void aDroppedConnectionMidTurnIsResumedWithoutLosingOrRepeatingAChunk() throws Exception {
        String id = uniqueChatId();
        try (DroppingProxy proxy = new DroppingProxy(Integer.getInteger("parley.http.port", 19080));
             ParleyClient viaProxy = client(proxy.url())) {
            Chat chat = viaProxy.chat("it-probe").id(id).build();
            Reply reply = chat.send("long but complete"); // 150 words, 20 ms apart
            List<Long> seqs = new ArrayList<>();
            Iterator<Chunk> it = reply.iterator();
            while (it.hasNext()) {
                Chunk c = it.next();
                seqs.add(c.seq());
                if (seqs.size() == 10 || seqs.size() == 60) {
                    proxy.dropAll();
                }
            }
            assertTrue(proxy.connections() >= 3, "the stream was reopened after each cut: " + proxy.connections());
            List<Long> storedSeqs = stored(id, -1, 1).stream().filter(r -> control(r) == null && !r.containsKey("headers"))
                    .map(r -> r.getJsonNumber("seq_num").longValue()).toList();
            assertEquals(storedSeqs, seqs, "every stored chunk exactly once, in order");
            assertTrue(reply.text().endsWith(" w149"), reply.text());
        }
    }

    @Test
    void stopEndsTheReplyPromptlyAndTheNextMessageIsAnsweredInFull() {
        Chat chat = parley.chat("it-probe").id(uniqueChatId()).build();
        Reply reply = chat.send("long answer please");
        List<Chunk> got = new ArrayList<>();
        for (Chunk c : reply) {
            got.add(c);
            if (got.size() == 10) {
                chat.stop();
            }
        }
        assertEquals("abort", got.getLast().type(), "a stopped turn ends with abort");
        assertTrue(got.size() < 100, "stopped long before its 150 words: " + got.size());
        assertTrue(reply.end().orElseThrow().inEventId() >= reply.inSeq(), "the stopped turn's own boundary");

        Reply next = chat.send("next");
        List<Chunk> answer = new ArrayList<>();
        next.forEach(answer::add);
        assertTrue(next.text().startsWith("state-turn=2"), next.text());
        assertEquals("finish", answer.getLast().type(), "the next turn is not stopped");
        assertEquals("stop", answer.getLast().finishReason());
        assertTrue(Chats.hooks(chat.id()).contains("hook:TURN_COMPLETE:1:true"), Chats.hooks(chat.id()));
    }

    @Test
    void anActionStreamsItsResponseAndCompletesWithoutAToken() {
        Chat chat = parley.chat("it-probe").id(uniqueChatId()).build();
        chat.send("one").await();
        Reply action = chat.action(Json.createObjectBuilder().add("type", "undo").build());
        assertEquals("action {\"type\":\"undo\"}", action.text());
        assertNull(action.end().orElseThrow().publicAccessToken(), "an action's turn-complete carries no token");
    }

    @Test
    void aSteeringMessageIsAnsweredByTheRunningTurnAndBothRepliesEndWithIt() {
        Chat chat = parley.chat("it-steer").id(uniqueChatId()).build();
        Reply first = chat.send("look something up");
        Iterator<Chunk> it = first.iterator();
        while (it.hasNext() && !"tool-input-available".equals(it.next().type())) {
            // read up to the slow tool call: the step boundary the steering message is injected at
        }
        Reply steer = chat.steer("also check this");
        assertEquals("users=2", first.text(), "the model saw both user messages in one turn");
        assertEquals("users=2", steer.text(), "the steering message's reply is that same turn");
        assertEquals(steer.inSeq(), first.end().orElseThrow().inEventId());
        assertEquals(first.end().orElseThrow().seq(), steer.end().orElseThrow().seq());
    }

    @Test
    void aMessageSentWhileAnotherStreamsIsAnsweredAsTheNextTurnWithoutMixingReplies() {
        Chat chat = parley.chat("it-probe").id(uniqueChatId()).build();
        Reply first = chat.send("long first");
        Iterator<Chunk> it = first.iterator();
        for (int i = 0; i < 5; i++) {
            it.next();
        }
        Reply second = chat.send("second");
        assertTrue(second.text().startsWith("state-turn=2 history=3"), "only the second turn: " + second.text());
        it.forEachRemaining(c -> {
        });
        assertTrue(first.text().startsWith("state-turn=1") && first.text().endsWith(" w149"), first.text());
        assertTrue(first.end().orElseThrow().seq() < second.end().orElseThrow().seq());
    }

    @Test
    void afterCloseTheNextSendFailsWithSessionClosed() {
        Chat chat = parley.chat("it-probe").id(uniqueChatId()).build();
        chat.send("one").await();
        JsonObject closed = chat.closeSession("done");
        assertEquals("done", closed.getString("closedReason"));
        ParleyException e = assertThrows(ParleyException.class, () -> chat.send("more"));
        assertEquals(409, e.status());
        assertEquals("session_closed", e.code());
        assertEquals("done", e.closedReason());
        assertTrue(e.sessionEnded());
        ParleyException again = assertThrows(ParleyException.class, chat::start);
        assertEquals(409, again.status(), "a closed chat id cannot be started again");
        assertEquals("session_closed", again.code());
    }

    @Test
    void withASessionTokenTheChatFollowsTheTokenRotation() throws InterruptedException {
        String id = uniqueChatId();
        String token = Parley.createChat(id, "it-probe").getString("publicAccessToken");
        Thread.sleep(1_100); // tokens are issued per second: the rotated one differs only once a second has passed
        try (ParleyClient browserLike = ParleyClient.builder().baseUrl(Parley.URL).accessToken(token).build()) {
            Chat chat = browserLike.chat("it-probe").id(id).build();
            Reply one = chat.send("one");
            assertTrue(one.text().startsWith("state-turn=1"));
            String rotated = chat.publicAccessToken();
            assertEquals(one.end().orElseThrow().publicAccessToken(), rotated);
            assertNotEquals(token, rotated);
            assertTrue(chat.send("two").text().startsWith("state-turn=2"), "the rotated token works");
            ParleyException e = assertThrows(ParleyException.class, () -> chat.closeSession(null));
            assertEquals(403, e.status(), "a session token cannot close the session");
        }
    }

    @Test
    void wrongAndExpiredCredentialsAreClearErrors() {
        String id = uniqueChatId();
        Parley.createChat(id, "it-probe");
        try (ParleyClient wrongKey = ParleyClient.builder().baseUrl(Parley.URL).secretKey("tr_wrong_key_000000000000000000000000").build()) {
            ParleyException e = assertThrows(ParleyException.class, () -> wrongKey.chat("it-probe").id(id).build().send("hi"));
            assertEquals(401, e.status());
            assertNotNull(e.error(), e.body());
        }
        String env = Parley.json(Parley.send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", Parley.bearer(KEY)).body())
                .getString("sub");
        String expired = Jwts.sessionToken(KEY, env, "[\"read:sessions:" + id + "\",\"write:sessions:" + id + "\"]",
                System.currentTimeMillis() / 1000 - 5);
        try (ParleyClient late = ParleyClient.builder().baseUrl(Parley.URL).accessToken(expired).build()) {
            Chat chat = late.chat("it-probe").id(id).build();
            assertEquals(401, assertThrows(ParleyException.class, () -> chat.send("hi")).status());
            assertEquals(401, assertThrows(ParleyException.class, () -> chat.resume().text()).status(), "reading too");
        }
    }

    @Test
    void theChatStoreIsReadPatchedAndDeletedBesideTheAgent() {
        String id = uniqueChatId();
        Chat chat = parley.chat("it-store").id(id).build();
        String token = chat.start().publicAccessToken();
        ChatStore store = chat.store();
        assertFalse(store.read("prefs").exists());
        StoreSlot prefs = store.patch("prefs", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("op", "add").add("path", "/tone").add("value", "brief")).build(), 0);
        assertEquals(1, prefs.version());
        assertEquals("client", prefs.updatedBy());
        assertEquals("tone=brief notes=1", chat.send("one").text(), "the agent read what the client wrote");

        StoreSlot notes = store.read("notes");
        assertEquals(Json.createObjectBuilder().add("items", Json.createArrayBuilder().add("one")).build(), notes.value());
        assertEquals("agent", notes.updatedBy());
        ParleyException stale = assertThrows(ParleyException.class, () -> store.patch("notes",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("op", "remove").add("path", "/items/0")).build(), 0));
        assertEquals(412, stale.status());
        assertEquals("version_mismatch", stale.code());

        try (ParleyClient browserSide = ParleyClient.builder().baseUrl(Parley.URL).accessToken(token).build()) {
            ChatStore own = browserSide.chat("it-store").id(id).sessionToken(token).build().store();
            assertTrue(own.delete("notes", notes.version()), "the chat's own token deletes its slot");
            assertFalse(own.delete("notes"), "nothing left to delete");
        }
        assertEquals(List.of("prefs"), store.all().stream().map(StoreSlot::name).toList());
        assertEquals("tone=brief notes=1", chat.send("two").text(), "the agent's notes started again");
    }
}
