package dev.parley.client;

import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.parley.client.FakeParley.DONE;
import static dev.parley.client.FakeParley.PING;
import static dev.parley.client.FakeParley.batch;
import static dev.parley.client.FakeParley.control;
import static dev.parley.client.FakeParley.created;
import static dev.parley.client.FakeParley.data;
import static dev.parley.client.FakeParley.delta;
import static dev.parley.client.FakeParley.json;
import static dev.parley.client.FakeParley.silent;
import static dev.parley.client.FakeParley.sse;
import static dev.parley.client.FakeParley.trim;
import static dev.parley.client.FakeParley.turnComplete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@org.junit.jupiter.api.Timeout(30)
/** The client against recorded-shape answers of a local server: parsing, correlation, reconnects, retries, errors. */
class ChatTest {

    private static final String OUT = "GET /realtime/v1/sessions/c1/out";
    private static final String IN = "POST /realtime/v1/sessions/c1/in/append";
    private static final String CREATE = "POST /api/v1/sessions";

    private FakeParley server;
    private ParleyClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeParley();
        client = ParleyClient.builder().baseUrl(server.url()).secretKey("tr_test_key").maxRetries(2)
                .readIdleTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Chat chat() {
        return client.chat("probe").id("c1").build();
    }

    @Test
    void aTurnSplitAcrossReadsWithPingsAndCommandsStreamsItsChunksAndText() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        String b = batch(data(0, "{\"type\":\"start\",\"messageId\":\"m1\"}"), delta(1, "Hel"), delta(2, "lo ☃"));
        server.on(OUT, sse(PING, b.substring(0, 17), b.substring(17, 60), b.substring(60), PING, ": keep-alive comment\n\n",
                batch(trim(3), data(4, "{\"type\":\"finish\",\"finishReason\":\"stop\"}"), turnComplete(5, 0, "pat-1")), DONE));
        Reply reply = chat().send("hi");
        List<String> types = new ArrayList<>();
        reply.forEach(c -> types.add(c.type()));
        assertEquals(List.of("start", "text-delta", "text-delta", "finish"), types);
        assertEquals("Hello ☃", reply.text());
        TurnComplete end = reply.end().orElseThrow();
        assertEquals(5, end.seq());
        assertEquals(0L, end.inEventId());
        assertEquals("pat-1", end.publicAccessToken());

        String sent = server.requests(IN).getFirst().body();
        assertTrue(sent.contains("\"kind\":\"message\"") && sent.contains("\"trigger\":\"submit-message\"")
                && sent.contains("\"text\":\"hi\""), sent);
        assertTrue(server.requests(CREATE).getFirst().body().contains("\"externalId\":\"c1\""));
        FakeParley.Seen out = server.requests(OUT).getFirst();
        assertEquals("text/event-stream", out.header("Accept"));
        assertEquals("Bearer tr_test_key", out.header("Authorization"));
        assertNull(out.header("Last-Event-ID"), "a new chat reads .out from its start");
    }

    @Test
    void aConnectionDroppedMidBatchIsResumedFromTheLastSeqWithoutLossOrDuplicates() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        String second = batch(delta(2, "c"), delta(3, "d"));
        server.on(OUT,
                sse(batch(delta(0, "a"), delta(1, "b")), second.substring(0, 40)), // cut inside the second batch
                sse(batch(delta(1, "b"), delta(2, "c")), DONE),                     // overlaps what was delivered; ends a window
                sse(batch(delta(3, "d"), turnComplete(4, 0, null)), DONE));
        Reply reply = chat().send("x");
        List<Long> seqs = new ArrayList<>();
        reply.forEach(c -> seqs.add(c.seq()));
        assertEquals(List.of(0L, 1L, 2L, 3L), seqs, "every chunk once, in order");
        assertEquals("abcd", reply.text());
        List<FakeParley.Seen> outs = server.requests(OUT);
        assertEquals(3, outs.size());
        assertEquals("1", outs.get(1).header("Last-Event-ID"), "resumed after the last complete record");
        assertEquals("2", outs.get(2).header("Last-Event-ID"), "a [DONE] window is continued from the cursor");
    }

    @Test
    void aSilentConnectionIsGivenUpAfterTheIdleTimeoutAndReopened() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        server.on(OUT, sse(batch(delta(0, "a")), ""), silent(10_000), sse(batch(delta(1, "b"), turnComplete(2, 0, null)), DONE));
        // the first answer ends without [DONE]: the client reconnects; the second never speaks
        Reply reply = chat().send("x");
        assertEquals("ab", reply.text());
        assertEquals("0", server.requests(OUT).get(1).header("Last-Event-ID"));
        assertEquals("0", server.requests(OUT).get(2).header("Last-Event-ID"));
    }

    @Test
    void earlierTurnsOutputIsLeftOutAndTheReplyEndsAtItsOwnTurnComplete() {
        server.on(CREATE, json(200, created(true))); // an existing chat: the history on .out is not ours
        server.on(IN, json(200, "{\"ok\":true,\"seq\":4}"));
        server.on(OUT, sse(batch(delta(10, "old "), delta(11, "turn"), turnComplete(12, 2, null), trim(13)),
                batch(delta(14, "queued"), turnComplete(15, 3, null)), PING,
                batch(delta(16, "mine"), control(17, "upgrade-required"), turnComplete(18, 4, "pat-9")), DONE));
        Reply reply = chat().send("x");
        assertEquals("mine", reply.text());
        assertEquals(18, reply.end().orElseThrow().seq());
    }

    @Test
    void aMessageAnsweredByTheRunningTurnGetsThatTurn() {
        // a steering agent folds message 1 into turn 0: the turn-complete names in seq 1
        server.on(CREATE, json(200, created(true)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":1}"));
        server.on(OUT, sse(batch(delta(0, "users="), delta(1, "2"), turnComplete(2, 1, null)), DONE));
        assertEquals("users=2", chat().send("also this").text());
    }

    @Test
    void afterAStopTheNextReplyStreamsAsItArrivesRatherThanAtItsEnd() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"), json(200, "{\"ok\":true,\"seq\":1}"), json(200, "{\"ok\":true,\"seq\":2}"));
        // the stopped turn's boundary names the message (0), not the stop (1)
        server.on(OUT, sse(batch(delta(0, "a"), data(1, "{\"type\":\"abort\"}"), turnComplete(2, 0, null)), DONE),
                sse(batch(delta(3, "b")), FakeParley.PAUSE + 800, PING, FakeParley.PAUSE + 800,
                        batch(turnComplete(4, 2, null)), DONE));
        Chat chat = chat();
        Reply first = chat.send("long");
        assertEquals(1, chat.stop());
        assertEquals("a", first.text());
        Reply next = chat.send("next");
        Chunk b = next.iterator().next();
        long handedOut = System.nanoTime();
        assertEquals("b", b.delta());
        assertEquals(4, next.await().seq());
        long heldMs = (System.nanoTime() - handedOut) / 1_000_000;
        assertTrue(heldMs > 1000, "the chunk came 1.6 s before its turn ended, not with it: " + heldMs + " ms apart");
    }

    @Test
    void aSessionClosedControlRecordEndsTheReply() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        server.on(OUT, sse(batch(delta(0, "bye"), "{\"seq_num\":1,\"headers\":[[\"trigger-control\",\"session-closed\"],"
                + "[\"session-closed-reason\",\"done\"]],\"body\":\"\"}"), DONE));
        Reply reply = chat().send("x");
        assertEquals("bye", reply.text());
        assertTrue(reply.end().orElseThrow().sessionClosed());
        assertEquals("done", reply.end().orElseThrow().closedReason());
    }

    @Test
    void transientAppendFailuresAreRetriedUnderOneIdempotencyKeyAndFinalOnesAreNot() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(503, "{\"ok\":false,\"error\":\"busy\"}"), json(200, "{\"ok\":true,\"seq\":0}"));
        Chat chat = chat();
        assertEquals(0, chat.stop());
        List<FakeParley.Seen> tries = server.requests(IN);
        assertEquals(2, tries.size());
        assertEquals(tries.get(0).header("X-Part-Id"), tries.get(1).header("X-Part-Id"), "the retry reuses the part id");
        assertEquals("{\"kind\":\"stop\"}", tries.get(1).body());

        try (FakeParley other = new FakeParley();
             ParleyClient c = ParleyClient.builder().baseUrl(other.url()).secretKey("k").maxRetries(3).build()) {
            other.on(CREATE, json(201, created(false)));
            other.on("POST /realtime/v1/sessions/c2/in/append", json(400, "{\"ok\":false,\"error\":\"Invalid body\"}"));
            ParleyException e = assertThrows(ParleyException.class, () -> c.chat("probe").id("c2").build().stop());
            assertEquals(400, e.status());
            assertEquals("Invalid body", e.error());
            assertEquals(1, other.requests("POST /realtime/v1/sessions/c2/in/append").size(), "a 400 is not retried");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRetryWhoseFirstTryLandedFindsItsSeqByPartId() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true}"));
        server.on("GET /realtime/v1/sessions/c1/in/records", x -> {
            String part = server.requests(IN).getFirst().header("X-Part-Id");
            json(200, "{\"records\":[{\"data\":\"{}\",\"id\":\"other\",\"seqNum\":6},{\"data\":\"{}\",\"id\":\"" + part
                    + "\",\"seqNum\":7}]}").serve(x);
        });
        assertEquals(7, chat().stop());
    }

    @Test
    void aClosedSessionIsAClearTerminalError() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, x -> {
            x.getResponseHeaders().add("x-should-retry", "false");
            json(409, "{\"ok\":false,\"error\":\"Cannot append to a closed session\",\"code\":\"session_closed\",\"closedReason\":\"done\"}").serve(x);
        });
        ParleyException e = assertThrows(ParleyException.class, () -> chat().send("more"));
        assertEquals(409, e.status());
        assertEquals("session_closed", e.code());
        assertEquals("done", e.closedReason());
        assertTrue(e.sessionEnded());
        assertTrue(e.body().contains("closed session"));
        assertEquals(1, server.requests(IN).size());
    }

    @Test
    void aRefusedSubscriptionIsFinalAndServerErrorsAreRetried() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        server.on(OUT, json(503, "{\"error\":\"later\"}"), json(401, "{\"error\":\"Invalid or expired token\"}"));
        Reply reply = chat().send("x");
        ParleyException e = assertThrows(ParleyException.class, reply::text);
        assertEquals(401, e.status());
        assertEquals(2, server.requests(OUT).size(), "the 503 was retried, the 401 was not");
    }

    @Test
    void withASessionTokenTheRotatedTokenIsUsedFromTheNextRequestOn() {
        try (ParleyClient c = ParleyClient.builder().baseUrl(server.url()).accessToken("pat-0").build()) {
            server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"), json(200, "{\"ok\":true,\"seq\":1}"));
            server.on(OUT, sse(batch(delta(0, "a"), turnComplete(1, 0, "pat-1")), DONE),
                    sse(batch(delta(2, "b"), turnComplete(3, 1, "pat-2")), DONE));
            Chat chat = c.chat("probe").id("c1").build();
            assertEquals("a", chat.send("one").text());
            assertEquals("b", chat.send("two").text());
            assertTrue(server.requests(CREATE).isEmpty(), "a token client does not create sessions by itself");
            assertEquals("Bearer pat-0", server.requests(IN).get(0).header("Authorization"));
            assertEquals("Bearer pat-1", server.requests(IN).get(1).header("Authorization"));
            assertEquals("1", server.requests(OUT).get(1).header("Last-Event-ID"), "the next turn reads after the last boundary");
            assertEquals("pat-2", chat.publicAccessToken());
            assertEquals(3, chat.lastEventId());
        }
    }

    @Test
    void resumeOfASettledChatEndsAtOnceAndAMissingStreamVersionIsRefused() {
        server.on(OUT, sse(Map.of("X-Session-Settled", "true"), DONE));
        Chat chat = client.chat("probe").id("c1").lastEventId(9).build();
        Reply r = chat.resume();
        assertFalse(r.iterator().hasNext());
        assertEquals("1", server.requests(OUT).getFirst().header("X-Peek-Settled"));
        assertEquals("9", server.requests(OUT).getFirst().header("Last-Event-ID"));

        try (FakeParley v1 = new FakeParley(); ParleyClient c = ParleyClient.builder().baseUrl(v1.url()).secretKey("k").build()) {
            v1.on("GET /realtime/v1/sessions/c1/out", json(200, "{}"));
            ParleyException e = assertThrows(ParleyException.class, () -> c.chat("p").id("c1").build().resume().text());
            assertTrue(e.getMessage().contains("X-Stream-Version"), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closingAReplyUnblocksItsReader() throws Exception {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        server.on(OUT, sse(batch(delta(0, "a")), PING, PING, PING, PING, PING, PING, PING, PING, PING, PING));
        Reply reply = chat().send("x");
        var done = reply.consumeAsync(c -> {
        });
        Thread.sleep(200);
        reply.close();
        assertThrows(java.util.concurrent.CancellationException.class, () -> done.get(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void clientDataAndMetadataGoWhereTheProtocolWantsThem() {
        server.on(CREATE, json(201, created(false)));
        server.on(IN, json(200, "{\"ok\":true,\"seq\":0}"));
        server.on(OUT, sse(batch(turnComplete(0, 0, null)), DONE));
        Chat chat = client.chat("probe").id("c1").clientData(Json.createObjectBuilder().add("userId", "u1").build())
                .metadata(Json.createObjectBuilder().add("team", "t").build()).tags("vip").build();
        chat.action(Json.createObjectBuilder().add("type", "undo").build()).await();
        String create = server.requests(CREATE).getFirst().body();
        assertTrue(create.contains("\"basePayload\":{\"trigger\":\"preload\",\"chatId\":\"c1\",\"metadata\":{\"userId\":\"u1\"}}"), create);
        assertTrue(create.contains("\"metadata\":{\"team\":\"t\"}") && create.contains("\"tags\":[\"vip\"]"), create);
        String action = server.requests(IN).getFirst().body();
        assertEquals("{\"kind\":\"message\",\"payload\":{\"chatId\":\"c1\",\"trigger\":\"action\",\"metadata\":{\"userId\":\"u1\"},"
                + "\"action\":{\"type\":\"undo\"}}}", action);
    }
}
