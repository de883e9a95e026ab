package dev.parley.it;

import dev.parley.it.probe.SlowProbeAgent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection against real Liberty and PostgreSQL: a node killed with {@code kill -9} mid-answer, the database's
 * own durability. Each case checks what a user would notice: the acknowledged message is answered in full, the
 * turn terminates, and the chat answers the next message. Timings are printed ({@code [fault] …}), not asserted.
 * The cases run in an order that starts node 2 as few times as possible (each is a Liberty start): those that need
 * it stopped first, then those that kill it, then the one that only needs it running, and last the one that stops it.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(SlowProbeAgent.class);
    }

    @AfterAll
    static void stopNode2() throws Exception {
        SecondNode.stop();
    }

    @Test
    @Order(6)
    void aNodeKilledMidAnswerRecoversItsRunAsSoonAsItRestarts() throws Exception {
        // node 2's lease is long here, so node 1 does not take over: what recovers the run is node 2's own restart
        SecondNode.start(Map.of("PARLEY_RUNS_LEASE_SECONDS", "600"));
        String chat = uniqueChatId();
        SecondNode.createChat(chat);
        String words = String.join(" ", Collections.nCopies(300, "word"));
        SecondNode.say(chat, words);
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        String crashed = currentRun(chat);

        SecondNode.kill();
        long killed = System.nanoTime();
        SecondNode.restart();
        long ready = System.nanoTime();
        long readyAtMs = System.currentTimeMillis();
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        long answered = System.nanoTime();

        List<JsonObject> answer = chunks(records);
        List<String> starts = answer.stream().filter(c -> "start".equals(c.getString("type")))
                .map(c -> c.getString("messageId")).toList();
        assertEquals(2, starts.size(), "the crashed turn's start, then the recovery's: " + starts);
        assertEquals(starts.get(0), starts.get(1), "the recovery continues the crashed message under its id");
        int recoveryStart = answer.size() - 1;
        while (!"start".equals(answer.get(recoveryStart).getString("type"))) {
            recoveryStart--;
        }
        String partial = text(answer.subList(0, recoveryStart));
        assertTrue(partial.startsWith("You said: word"), "the crash cut the answer after some words: " + partial);
        assertEquals("You said: " + words, text(answer),
                "the acknowledged message is answered in full: the partial text, then the rest, nothing twice");
        assertEquals("turn-complete", control(records.getLast()));
        long firstSeq = records.getFirst().getJsonNumber("seq_num").longValue();
        LongStream.range(0, records.size()).forEach(i -> assertEquals(firstSeq + i,
                records.get((int) i).getJsonNumber("seq_num").longValue(), "no gap, no duplicate in .out"));
        JsonObject stored = Json.createReader(new StringReader(Database.text("select messages from chat_snapshot "
                + "where session_id = (select id from session where external_id = ?)", chat))).readArray()
                .getValuesAs(JsonObject.class).getLast();
        assertEquals(starts.get(0), stored.getString("id"), "the reloaded history holds the one message");
        assertEquals("You said: " + words, stored.getJsonArray("parts").stream()
                .map(p -> p.asJsonObject()).filter(p -> "text".equals(p.getString("type")))
                .map(p -> p.getString("text")).reduce("", String::concat));
        assertEquals("CRASHED", runStatus(crashed));
        assertEquals("node restarted", Database.text("select end_reason from session_run where friendly_id = ?", crashed),
                "recovered by the restarted node itself, not by a lease running out");
        String recovery = currentRun(chat);
        assertEquals("RECOVERY", Database.text("select reason from session_run where friendly_id = ?", recovery));
        long recoveryStartedMs = Long.parseLong(Database.text(
                "select (extract(epoch from started_at) * 1000)::bigint from session_run where friendly_id = ?", recovery));
        JsonObject continued = records.stream().filter(r -> !r.containsKey("headers")
                && "start".equals(SseClient.dataOf(r).asJsonObject().getString("type"))).skip(1).findFirst().orElseThrow();
        System.out.printf("[fault] kill -9 of the only node: kill to ready %d ms, recovery run started %+d ms from ready, "
                + "answer continued %+d ms from ready with %d of %d words left, ready to complete answer %d ms%n",
                (ready - killed) / 1_000_000, recoveryStartedMs - readyAtMs,
                continued.getJsonNumber("timestamp").longValue() - readyAtMs,
                words.split(" ").length - (partial.split(" ").length - 2), words.split(" ").length,
                (answered - ready) / 1_000_000);

        long after = records.getLast().getJsonNumber("seq_num").longValue();
        SecondNode.say(chat, "and now");
        assertEquals("You said: and now", text(chunks(untilTurns(chat, after, 1).records())), "the chat answers the next message");
    }

    @Test
    @Order(5)
    void aNodeKilledAsItsRunSuspendsOrResumesLosesNothingAndTheOtherNodeAnswers() throws Exception {
        SecondNode.start(Map.of()); // node 1's settings: the demo agent idles 2 s, leases last 10 s

        // suspend: killed as the idle timeout fires, before or after the suspension commits
        String idle = uniqueChatId();
        SecondNode.createChat(idle);
        SecondNode.say(idle, "one");
        long tc = lastSeq(untilTurns(idle, -1, 1).records());
        String suspending = currentRun(idle);
        Thread.sleep(2_000); // the idle timeout's moment: this is when to kill, not a wait for a result
        SecondNode.kill();
        long killed = System.nanoTime();
        String seen = runStatus(suspending);
        Chats.say(idle, "two");
        List<JsonObject> after = untilTurns(idle, tc, 1).records();
        assertEquals("You said: two", text(chunks(after)), "answered once, in full");
        System.out.printf("[fault] kill -9 as a run suspends (%s at the kill): the next message answered %d ms after the kill%n",
                seen, (System.nanoTime() - killed) / 1_000_000);
        assertWholeConversation(idle, 4);

        // resume: killed right after a message woke its suspended run there
        SecondNode.restart();
        String woken = uniqueChatId();
        SecondNode.createChat(woken);
        SecondNode.say(woken, "one");
        tc = lastSeq(untilTurns(woken, -1, 1).records());
        String run = currentRun(woken);
        awaitStatus(run, "SUSPENDED");
        String words = String.join(" ", Collections.nCopies(100, "word"));
        SecondNode.say(woken, words);
        SecondNode.kill();
        killed = System.nanoTime();
        seen = runStatus(run);
        List<JsonObject> answered = untilTurns(woken, tc, 1).records();
        assertEquals("You said: " + words, text(chunks(answered.subList(lastStart(answered), answered.size()))),
                "the message that woke the run is answered in full");
        System.out.printf("[fault] kill -9 as a run resumes (%s at the kill): answered %d ms after the kill%n",
                seen, (System.nanoTime() - killed) / 1_000_000);
        assertWholeConversation(woken, 4);
        tc = lastSeq(answered);
        Chats.say(woken, "and now");
        assertEquals("You said: and now", text(chunks(untilTurns(woken, tc, 1).records())), "the chat answers the next message");
    }

    /** Every .out record once, in order, and the stored history holds {@code messages} messages. */
    private static void assertWholeConversation(String chat, int messages) {
        List<JsonObject> all = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").records();
        long first = all.getFirst().getJsonNumber("seq_num").longValue();
        LongStream.range(0, all.size()).forEach(i -> assertEquals(first + i,
                all.get((int) i).getJsonNumber("seq_num").longValue(), "no gap, no duplicate in .out"));
        assertEquals(messages, Json.createReader(new StringReader(Database.text("select messages from chat_snapshot "
                + "where session_id = (select id from session where external_id = ?)", chat))).readArray().size(),
                "the stored history");
    }

    private static long lastSeq(List<JsonObject> records) {
        return records.getLast().getJsonNumber("seq_num").longValue();
    }

    private static void awaitStatus(String run, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!expected.equals(runStatus(run)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, runStatus(run), "status of " + run);
    }

    @Test
    @Order(1)
    void aNodeThatLostItsLeaseStopsWritingAndTheRecoveryAnswersOnce() throws Exception {
        SecondNode.ensureStopped(); // the recovery must be this node's, which has the probe agent
        String chat = uniqueChatId();
        Parley.createChat(chat, "it-slow");
        Chats.say(chat, "slow");
        String stalled = streamingRun(chat, null);
        takeLease(stalled);

        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> answer = records.subList(lastStart(records), records.size());
        assertEquals(expectedSlowAnswer(), text(chunks(answer)), "the recovery's answer, with nothing of the stalled run's in it");
        assertTrue(!chunks(answer).getFirst().getString("messageId").equals(chunks(records).getFirst().getString("messageId")),
                "the agent's onRecoveryBoot chose to answer from scratch: a new message, the partial one left as it was");
        assertEquals("CRASHED", runStatus(stalled));
        long after = records.getLast().getJsonNumber("seq_num").longValue();
        Chats.say(chat, "next");
        assertEquals("ok: next", text(chunks(untilTurns(chat, after, 1).records())));
    }

    @Test
    @Order(2)
    void aRunThatKeepsCrashingOnOneMessageEndsWithAnErrorTurnAfterMaxAttempts() throws Exception {
        SecondNode.ensureStopped(); // the recovery must be this node's, which has the probe agent
        String chat = uniqueChatId();
        Parley.createChat(chat, "it-slow", "\"maxAttempts\":2");
        Chats.say(chat, "slow");
        String first = streamingRun(chat, null);
        takeLease(first);
        String second = streamingRun(chat, first);
        takeLease(second);

        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records.subList(lastStart(records), records.size()));
        String shown = c.stream().filter(x -> "error".equals(x.getString("type"))).findFirst().orElseThrow().getString("errorText");
        assertTrue(shown.contains("failed 2 times"), shown);
        assertEquals("error", c.getLast().getString("finishReason"));
        assertEquals("FAILED", runStatus(currentRun(chat)), "no third recovery");

        long after = records.getLast().getJsonNumber("seq_num").longValue();
        Chats.say(chat, "hello");
        assertEquals("ok: hello", text(chunks(untilTurns(chat, after, 1).records())), "the chat answers the next message");
    }

    /** Waits until the chat's current run (not {@code other}) is streaming an answer; returns it. */
    private static String streamingRun(String chat, String other) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String run = currentRun(chat);
            if (!run.equals(other) && "STREAMING".equals(runStatus(run))) {
                return run;
            }
            pause();
        }
        throw new AssertionError("no run of " + chat + " started streaming");
    }

    /** As if another node had taken the run over: the node executing it loses its lease while it lives on. */
    private static void takeLease(String run) {
        assertEquals(1, Database.update("update session_run set lease_owner = 'elsewhere/0', lease_until = now() - interval '1 second' "
                + "where friendly_id = ? and status = 'STREAMING'", run));
    }

    private static String expectedSlowAnswer() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append(" w").append(i);
        }
        return sb.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(7)
    void aTerminatedListenConnectionIsReopenedAndAppendsMadeMeanwhileStillReachTheOtherNode() throws Exception {
        SecondNode.ensureRunning();
        String chat = uniqueChatId();
        Parley.createChat(chat);
        AtomicBoolean live = new AtomicBoolean();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<SseClient.Result> onNode2 = pool.submit(() -> SseClient.read(SecondNode.URL, chat, "out", KEY, e -> {
                if (SseClient.untilSeq(0).test(e)) {
                    live.set(true);
                }
                return SseClient.untilSeq(9).test(e);
            }, "Timeout-Seconds", "60"));
            appendOut(chat, 0);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!live.get() && System.nanoTime() < deadline) {
                pause();
            }
            assertTrue(live.get(), "node 2's reader is live");

            assertTrue(Database.count("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                    + "where application_name = 'parley-listen'") >= 2, "both nodes' LISTEN connections terminated");
            for (int i = 1; i < 10; i++) {
                appendOut(chat, i); // while node 2 is not listening: their notifications are lost
            }
            assertEquals(LongStream.range(0, 10).boxed().toList(), onNode2.get(90, TimeUnit.SECONDS).seqs(),
                    "node 2 resynchronised after reconnecting: every record once, in order, no more appends needed");
        }
        assertTrue(SecondNode.ready(), "and is ready again");
        assertTrue(Parley.sendTo(SecondNode.URL, "GET", "/health/ready", null).body().contains("\"parley-notifications\""),
                "readiness includes the LISTEN connection's check");
    }

    @Test
    @Order(8)
    void aStoppingNodeEndsItsStreamsAtOnceAndTheirReadersResumeOnTheOtherNode() throws Exception {
        SecondNode.ensureRunning();
        String chat = uniqueChatId();
        Parley.createChat(chat);
        appendOut(chat, 0);
        AtomicBoolean live = new AtomicBoolean();
        List<SseClient.Event> seen = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Boolean> onNode2 = pool.submit(() -> {
                try {
                    return SseClient.read(SecondNode.URL, chat, "out", KEY, e -> {
                        seen.add(e);
                        live.compareAndSet(false, SseClient.untilSeq(0).test(e));
                        return false;
                    }, "Timeout-Seconds", "120").done();
                } catch (IllegalStateException failed) {
                    if (failed.getCause() instanceof IOException) {
                        return false; // the stopping server closed the connection under the body: also no [DONE]
                    }
                    throw failed;
                }
            });
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!live.get() && System.nanoTime() < deadline) {
                pause();
            }
            assertTrue(live.get(), "node 2's reader is live");

            long stopping = System.nanoTime();
            SecondNode.stop();
            long stopMs = (System.nanoTime() - stopping) / 1_000_000;
            boolean done = onNode2.get(5, TimeUnit.SECONDS); // the stream ended while the server stopped
            assertEquals(List.of(0L), new SseClient.Result(200, null, List.copyOf(seen), done).seqs());
            assertTrue(!done, "the stream ends without [DONE], which tells its client to reconnect");
            assertTrue(!Files.readString(SecondNode.WLP.resolve("usr/servers/parley2/logs/messages.log")).contains("CWWKE1102W"),
                    "the stop did not wait out Liberty's quiesce period for the open stream (CWWKE1102W)");
            System.out.printf("[fault] stop of a node with a reader connected: server stop returned after %d ms%n", stopMs);
        }
        appendOut(chat, 1);
        assertEquals(List.of(1L), SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(1), "Timeout-Seconds", "30",
                "Last-Event-ID", "0").seqs(), "the reader resumes from its cursor on the node that is up");
    }

    private static void appendOut(String chat, int n) {
        assertEquals(200, Parley.append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + n + "\"}", KEY)
                .statusCode());
    }

    @Test
    @Order(4)
    void aNodeWithAnotherKeyEncryptionKeyRefusesToStartAndSaysWhy() throws Exception {
        SecondNode.startFailing(Map.of("PARLEY_KEY_ENCRYPTION_KEY", "ZGlmZmVyZW50LWtleS1lbmNyeXB0aW9uLWtleS0zMmI="),
                "PARLEY_KEY_ENCRYPTION_KEY does not open the secret keys stored in the database");
    }

    @Test
    @Order(3)
    void theEmbeddedDatabaseRunsWithFsyncOn() {
        assertEquals("on", Database.text("show fsync"), "fsync off can corrupt the database on a host crash");
    }

    /** Index of the last {@code start} chunk's record: the turn that answered. */
    static int lastStart(List<JsonObject> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            JsonObject r = records.get(i);
            if (!r.containsKey("headers") && "start".equals(SseClient.dataOf(r).asJsonObject().getString("type"))) {
                return i;
            }
        }
        return 0;
    }
}
