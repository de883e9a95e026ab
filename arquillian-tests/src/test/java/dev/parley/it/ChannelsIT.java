package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.message;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The durable channels over real HTTP: append, resume, live tail, idempotency, caps, concurrency. */
@ExtendWith(ArquillianExtension.class)
class ChannelsIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void resumeFromEveryCursorGivesEveryRecordOnceInOrder() {
        String chat = uniqueChatId();
        createChat(chat);
        int n = 25;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + i + "\"}", KEY);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(i, json(r.body()).getInt("seq"));
        }
        List<Long> all = LongStream.range(0, n).boxed().toList();
        assertEquals(all, SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").seqs());
        for (int cursor = 0; cursor < n - 1; cursor++) {
            // read until the tail's record arrives: a record twice or out of order before it shows in seqs()
            SseClient.Result r = SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(n - 1),
                    "Timeout-Seconds", "5", "Last-Event-ID", String.valueOf(cursor));
            assertEquals(all.subList(cursor + 1, n), r.seqs(), "resume after " + cursor);
        }
        for (int cursor : new int[] {0, n / 2, n - 2, n - 1}) {
            // to the end of the stream: nothing after the tail either, and the stream ends with [DONE]
            SseClient.Result r = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", String.valueOf(cursor));
            assertEquals(all.subList(cursor + 1, n), r.seqs(), "resume after " + cursor + " to the end");
            assertTrue(r.done(), "ends with [DONE]");
        }
        assertEquals(List.of(), SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", "999").seqs(),
                "a cursor beyond the tail is clamped to the tail");
        assertEquals(all.subList(4, n), SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", "3,17,900").seqs());
        assertEquals(all, SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", "garbage").seqs());
    }

    @Test
    void sseSendsHeadersAtOnceAndDataAsObjects() {
        String chat = uniqueChatId();
        createChat(chat);
        append(chat, "out", "{\"type\":\"start\",\"messageId\":\"m1\"}", KEY);
        SseClient.Result r = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1");
        assertEquals("v2", r.header("X-Stream-Version"));
        assertTrue(r.header("content-type").startsWith("text/event-stream"));
        JsonObject rec = r.records().get(0);
        assertEquals("start", SseClient.dataOf(rec).asJsonObject().getString("type"));
        assertTrue(rec.containsKey("timestamp"));
    }

    @Test
    void liveRecordsReachAnOpenSubscriber() throws Exception {
        String chat = uniqueChatId();
        createChat(chat);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<SseClient.Result> reader = pool.submit(() -> SseClient.read(Parley.URL, chat, "in", KEY,
                    e -> "batch".equals(e.name()) && Parley.json(e.data()).getJsonArray("records").stream()
                            .anyMatch(v -> v.asJsonObject().getInt("seq_num") == 2), "Timeout-Seconds", "20"));
            Thread.sleep(500);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, append(chat, "in", message(chat, "m" + i), KEY).statusCode());
            }
            SseClient.Result r = reader.get();
            assertEquals(List.of(0L, 1L, 2L), r.seqs());
            assertTrue(SseClient.dataOf(r.records().get(0)).toString().contains("submit-message"), "in data is the raw JSON string");
        }
    }

    @Test
    void retriedAppendWithTheSamePartIdIsStoredOnce() {
        String chat = uniqueChatId();
        createChat(chat);
        HttpResponse<String> first = append(chat, "in", message(chat, "hello"), KEY, "X-Part-Id", "part-1");
        HttpResponse<String> retry = append(chat, "in", message(chat, "hello"), KEY, "X-Part-Id", "part-1");
        assertEquals(0, json(first.body()).getInt("seq"));
        assertEquals(200, retry.statusCode());
        assertFalse(json(retry.body()).containsKey("seq"), retry.body());
        assertEquals(List.of(0L), SseClient.drain(chat, "in", KEY, "Timeout-Seconds", "1").seqs());
        assertEquals(1, json(append(chat, "in", message(chat, "next"), KEY, "X-Part-Id", "part-2").body()).getInt("seq"));
    }

    @Test
    void twentyConcurrentAppendersGetGapFreeUniqueSeqs() throws Exception {
        String chat = uniqueChatId();
        createChat(chat);
        int writers = 20, each = 10;
        List<Future<List<Integer>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    List<Integer> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        HttpResponse<String> r = append(chat, "in", message(chat, id + "-" + i), KEY);
                        assertEquals(200, r.statusCode(), r.body());
                        seqs.add(json(r.body()).getInt("seq"));
                    }
                    return seqs;
                }));
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (Future<List<Integer>> f : results) {
            for (int s : f.get()) {
                assertTrue(seen.add(s), "seq " + s + " handed out twice");
            }
        }
        assertEquals(writers * each, seen.size());
        assertEquals(LongStream.range(0, writers * each).boxed().toList(),
                SseClient.drain(chat, "in", KEY, "Timeout-Seconds", "1").seqs());
        JsonObject session = json(Parley.send("GET", "/api/v1/sessions/" + chat, null, "Authorization", Parley.bearer(KEY)).body());
        long runs = runsOf(session.getString("id"));
        assertEquals(1, runs, "concurrent appends never produce two live runs");
    }

    @Test
    void concurrentOutAppendsAcrossSessionsAreGroupedWithoutGapsOrDuplicateParts() throws Exception {
        int sessions = 5, writers = 40, each = 15;
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String chat = uniqueChatId();
            createChat(chat);
            chats.add(chat);
        }
        // writers 2k and 2k+1 write the same records with the same part ids to the same session, as a client retry would
        List<Future<Integer>> stored = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int pair = w / 2;
                String chat = chats.get(pair % sessions);
                stored.add(pool.submit(() -> {
                    int got = 0;
                    for (int i = 0; i < each; i++) {
                        HttpResponse<String> r = append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + pair + "-" + i + "\"}",
                                KEY, "X-Part-Id", "p-" + pair + "-" + i);
                        assertEquals(200, r.statusCode(), r.body());
                        got += json(r.body()).containsKey("seq") ? 1 : 0;
                    }
                    return got;
                }));
            }
        }
        int withSeq = 0;
        for (Future<Integer> f : stored) {
            withSeq += f.get();
        }
        assertEquals(writers / 2 * each, withSeq, "each part id answered with a seq exactly once");
        int total = 0;
        for (String chat : chats) {
            SseClient.Result r = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1");
            assertEquals(LongStream.range(0, r.seqs().size()).boxed().toList(), r.seqs(), "gap-free seqs from 0 in " + chat);
            Set<String> deltas = new HashSet<>();
            for (JsonObject rec : r.records()) {
                assertTrue(deltas.add(SseClient.dataOf(rec).asJsonObject().getString("delta")), "stored twice: " + rec);
            }
            total += r.seqs().size();
        }
        assertEquals(writers / 2 * each, total);
    }

    private static long runsOf(String friendlyId) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(System.getProperty("parley.db.url"), "postgres", "");
             var ps = c.prepareStatement("select count(*) from session_run r join session s on s.id = r.session_id "
                     + "where s.friendly_id = ? and r.status not in ('COMPLETED','FAILED','CANCELED','CRASHED','TIMED_OUT')")) {
            ps.setString(1, friendlyId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        String chat = uniqueChatId();
        createChat(chat);
        String big = "{\"kind\":\"message\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> tooBig = append(chat, "in", big, KEY, "Origin", "http://app.example");
        assertEquals(413, tooBig.statusCode());
        assertEquals("http://app.example", tooBig.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(400, append(chat, "sideways", "{}", KEY).statusCode());
        assertEquals(400, append(chat, "in", "{}", KEY, "X-Part-Id", "bad id with spaces").statusCode());
        assertEquals(404, append("no-such-chat-" + chat, "in", "{}", KEY).statusCode());
        assertEquals(List.of(), SseClient.drain(chat, "in", KEY, "Timeout-Seconds", "1").seqs());
        for (String t : new String[]{"0", "601", "soon"}) {
            SseClient.Result r = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", t);
            assertEquals(400, r.status(), "Timeout-Seconds " + t);
        }
        assertEquals(404, SseClient.drain("session_doesnotexist", "out", KEY, "Timeout-Seconds", "1").status());
        assertEquals(501, Parley.send("PUT", "/realtime/v1/sessions/" + chat + "/out", "{}", "Authorization", Parley.bearer(KEY)).statusCode());
    }

    @Test
    void appendToAClosedSessionIsATerminal409() {
        String chat = uniqueChatId();
        createChat(chat);
        assertEquals(200, Parley.send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"done\"}",
                "Authorization", Parley.bearer(KEY)).statusCode());
        HttpResponse<String> r = append(chat, "in", message(chat, "late"), KEY);
        assertEquals(409, r.statusCode());
        assertEquals("session_closed", json(r.body()).getString("code"));
        assertEquals("done", json(r.body()).getString("closedReason"));
        SseClient.Result out = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1");
        assertEquals(200, out.status(), "reads keep working after close");
        assertTrue(out.records().get(0).getJsonArray("headers").toString().contains("session-closed"));
    }

    @Test
    void streamOnAnExternalIdBeforeTheSessionExistsWaitsForIt() throws Exception {
        String chat = uniqueChatId();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<SseClient.Result> reader = pool.submit(() -> SseClient.read(Parley.URL, chat, "in", KEY,
                    e -> "batch".equals(e.name()), "Timeout-Seconds", "20"));
            Thread.sleep(1500);
            createChat(chat);
            append(chat, "in", message(chat, "first"), KEY);
            assertEquals(List.of(0L), reader.get().seqs());
        }
    }

    @Test
    void aReaderThatStopsReadingIsCutOffAndDelaysNoOtherReader() throws Exception {
        String chat = uniqueChatId();
        createChat(chat);
        URI base = URI.create(Parley.URL);
        try (Socket stalled = new Socket(); ExecutorService pool = Executors.newSingleThreadExecutor()) {
            stalled.setReceiveBufferSize(1024); // a reader that stops reading: the server's writes back up at once
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            stalled.getOutputStream().write(("GET /realtime/v1/sessions/" + chat + "/out HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + KEY + "\r\nTimeout-Seconds: 300\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            int records = 12;
            Future<SseClient.Result> healthy = pool.submit(() -> SseClient.read(Parley.URL, chat, "out", KEY,
                    SseClient.untilSeq(records - 1), "Timeout-Seconds", "120"));
            Thread.sleep(500);
            String big = "x".repeat(900 * 1024);
            long total = 0;
            for (int i = 0; i < records; i++) {
                String body = "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + big + "\"}";
                total += body.length();
                assertEquals(200, append(chat, "out", body, KEY).statusCode());
            }
            assertEquals(LongStream.range(0, records).boxed().toList(), healthy.get(60, TimeUnit.SECONDS).seqs(),
                    "a second reader of the same channel gets everything although the first one stalls");
            // the stalled write fails after the endpoint's write timeout and the stream is given up. Nothing outside the
            // socket shows it, and reading it would let the write go on, so this waits the timeout out, with a margin
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.getLong("parley.http.write.timeout.seconds", 10) + 3));
            stalled.setSoTimeout(20_000);
            long received = 0;
            InputStream in = stalled.getInputStream();
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received += n;
                    if (received >= total) {
                        fail("the server kept the stream of a reader that had stopped reading and delivered it all");
                    }
                }
            } catch (SocketException reset) {
                // a reset is as good as an orderly close: the server let go of the reader
            } catch (SocketTimeoutException e) {
                fail("the server still holds a stream whose reader stopped reading (" + received + " bytes read)");
            }
        }
    }
}
