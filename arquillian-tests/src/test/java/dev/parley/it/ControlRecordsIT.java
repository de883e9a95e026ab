package dev.parley.it;

import dev.parley.it.probe.AgentWriterProbe;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Control and command records as agents write them: how they go over SSE, how the drain endpoint filters them,
 * how {@code X-Peek-Settled} uses them, and how trims and part claims are swept (decision D10).
 */
@ExtendWith(ArquillianExtension.class)
class ControlRecordsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClass(AgentWriterProbe.class);
    }

    @Test
    void turnCompleteAndTrimGoOverSseAsS2RecordsAndTheDrainSkipsCommands() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        append(chat, "out", "{\"type\":\"start\",\"messageId\":\"m1\"}", KEY);
        append(chat, "out", "{\"type\":\"finish\",\"finishReason\":\"stop\"}", KEY);
        assertEquals("2", probe(id, "control/turn-complete?inEventId=7"));
        assertEquals("3", probe(id, "trim/0"));

        List<JsonObject> records = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").records();
        assertEquals(List.of(0L, 1L, 2L, 3L), records.stream().map(r -> r.getJsonNumber("seq_num").longValue()).toList());
        JsonObject control = records.get(2);
        assertEquals("[[\"trigger-control\",\"turn-complete\"],[\"public-access-token\",\"probe-token\"],[\"session-in-event-id\",\"7\"]]",
                control.getJsonArray("headers").toString());
        assertFalse(control.containsKey("body"), "control records carry no body");
        JsonObject trim = records.get(3);
        assertEquals("[[\"\",\"trim\"]]", trim.getJsonArray("headers").toString());
        assertEquals("\0\0\0\0\0\0\0\0", trim.getString("body"), "8-byte big-endian target, as S2 writes it");

        JsonArray drained = json(send("GET", "/realtime/v1/sessions/" + chat + "/out/records", null,
                "Authorization", bearer(KEY)).body()).getJsonArray("records");
        assertEquals(3, drained.size(), "the trim command is not a record for clients: " + drained);
    }

    @Test
    void peekSettledAnswersAtOnceOnlyWhenTheLastTurnIsComplete() {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        append(chat, "out", "{\"type\":\"start\",\"messageId\":\"m1\"}", KEY);

        SseClient.Result streaming = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "X-Peek-Settled", "1");
        assertNull(streaming.header("X-Session-Settled"), "a turn in flight is not settled");

        probe(id, "control/turn-complete?inEventId=0");
        probe(id, "trim/0");
        long started = System.nanoTime();
        SseClient.Result settled = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "60", "X-Peek-Settled", "1");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals("true", settled.header("X-Session-Settled"));
        assertTrue(settled.done(), "a settled peek drains and ends with [DONE]");
        assertTrue(seconds < 30, "a settled peek must not long-poll for the 60 s timeout, took " + seconds + " s");
        assertEquals(List.of(0L, 1L, 2L), settled.seqs());
    }

    @Test
    void aTrimDeletesOlderRecordsAfterItsGraceAndReadersAreClampedForward() throws Exception {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        for (int i = 0; i < 5; i++) {
            append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + i + "\"}", KEY);
        }
        probe(id, "trim/3");
        assertEquals(LongStream.rangeClosed(0, 5).boxed().toList(), SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").seqs(),
                "within the grace period every record is still readable");

        assertEquals(1, Database.update("update stream_trim set requested_at = now() - interval '2 minutes' where session_id = (select id from session where friendly_id = ?)", id));
        List<Long> seqs = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!seqs.equals(List.of(3L, 4L, 5L)) && System.nanoTime() < deadline) {
            Thread.sleep(200); // the sweep runs every 2 s in the tests: look again shortly, the deadline bounds the wait
            seqs = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").seqs();
        }
        assertEquals(List.of(3L, 4L, 5L), seqs, "the sweeper deletes the records below the target");
        assertEquals(List.of(3L, 4L, 5L), SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", "0").seqs(),
                "a cursor below the trim point starts at the earliest retained record");
        HttpResponse<String> next = append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"x\"}", KEY);
        assertEquals(6, json(next.body()).getInt("seq"), "seqs never reset");
    }

    @Test
    void aPartIdIsForgottenAfterTheIdempotencyWindow() throws Exception {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        assertEquals(0, json(append(chat, "in", Parley.message(chat, "hi"), KEY, "X-Part-Id", "p-1").body()).getInt("seq"));
        assertFalse(json(append(chat, "in", Parley.message(chat, "hi"), KEY, "X-Part-Id", "p-1").body()).containsKey("seq"));

        assertEquals(1, Database.update("update append_claim set claimed_at = now() - interval '6 minutes' where session_id = (select id from session where friendly_id = ?)", id));
        boolean forgotten = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!forgotten && System.nanoTime() < deadline) {
            Thread.sleep(200);
            forgotten = Database.count("select count(*) from append_claim where session_id = (select id from session where friendly_id = ?)", id) == 0;
        }
        assertTrue(forgotten, "the sweeper expires claims older than five minutes");
        assertEquals(1, json(append(chat, "in", Parley.message(chat, "hi"), KEY, "X-Part-Id", "p-1").body()).getInt("seq"));
    }

    private static String probe(String sessionId, String path) {
        HttpResponse<String> r = send("POST", "/it-probe/sessions/" + sessionId + "/out/" + path, null);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
