package dev.parley.it;

import dev.parley.it.probe.AgentWriterProbe;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.sendTo;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two Parley servers sharing one PostgreSQL: node 1 is the Arquillian-managed server, node 2 a second Liberty
 * server started here from the same runtime with the same configuration on another port. Appends on one node reach
 * live subscribers on the other through LISTEN/NOTIFY.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {

    private static final String NODE2 = "http://localhost:" + System.getProperty("parley.node2.port");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClass(AgentWriterProbe.class);
    }

    @BeforeAll
    static void startNode2() throws Exception {
        SecondNode.start(Map.of()); // node 1's environment (database, keys) with its own ports
    }

    @AfterAll
    static void stopNode2() throws Exception {
        SecondNode.stop();
    }

    @Test
    void aSubscriberOnEitherNodeSeesAppendsMadeOnTheOther() throws Exception {
        String chat = uniqueChatId();
        createChat(chat);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<SseClient.Result> onNode2 = pool.submit(() -> SseClient.read(NODE2, chat, "out", KEY,
                    SseClient.untilSeq(9), "Timeout-Seconds", "30"));
            Future<SseClient.Result> onNode1 = pool.submit(() -> SseClient.read(Parley.URL, chat, "in", KEY,
                    SseClient.untilSeq(4), "Timeout-Seconds", "30"));
            Thread.sleep(1_000);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, append(chat, "out", "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + i + "\"}", KEY).statusCode());
            }
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = sendTo(NODE2, "POST", "/realtime/v1/sessions/" + chat + "/in/append",
                        "{\"kind\":\"stop\"}", "Authorization", bearer(KEY), "Content-Type", "application/json");
                assertEquals(200, r.statusCode(), r.body());
            }
            assertEquals(LongStream.range(0, 10).boxed().toList(), onNode2.get(60, TimeUnit.SECONDS).seqs(),
                    "node 2 streams node 1's appends live, each once and in order");
            assertEquals(LongStream.range(0, 5).boxed().toList(), onNode1.get(60, TimeUnit.SECONDS).seqs(),
                    "and node 1 streams node 2's");
        }
    }

    @Test
    void aTurnCompleteDeliveredAcrossNodesKeepsItsTokenOnlyForWriters() throws Exception {
        String chat = uniqueChatId();
        String id = createChat(chat).getString("id");
        String env = Parley.json(sendTo(Parley.URL, "POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body())
                .getString("sub");
        String readOnly = Jwts.sessionToken(KEY, env, "[\"read:sessions:" + chat + "\"]", System.currentTimeMillis() / 1000 + 600);
        assertEquals(200, append(chat, "out", "{\"type\":\"start\",\"messageId\":\"m1\"}", KEY).statusCode());
        java.util.concurrent.CountDownLatch readerIn = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch writerIn = new java.util.concurrent.CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            // a reader's first batch (seq 0) means it is registered on node 2, so the turn-complete reaches it live
            Future<SseClient.Result> reader = pool.submit(() -> SseClient.read(NODE2, chat, "out", readOnly, e -> {
                readerIn.countDown();
                return e.data().contains("turn-complete");
            }, "Timeout-Seconds", "30"));
            Future<SseClient.Result> writer = pool.submit(() -> SseClient.read(NODE2, chat, "out", KEY, e -> {
                writerIn.countDown();
                return e.data().contains("turn-complete");
            }, "Timeout-Seconds", "30"));
            assertEquals(true, readerIn.await(30, TimeUnit.SECONDS) && writerIn.await(30, TimeUnit.SECONDS),
                    "both readers on node 2 got the first record");
            HttpResponse<String> written = sendTo(Parley.URL, "POST", "/it-probe/sessions/" + id
                    + "/out/control/turn-complete?inEventId=0", null);
            assertEquals(200, written.statusCode(), written.body());
            String readOnlyTail = reader.get(60, TimeUnit.SECONDS).events().getLast().data();
            String writerTail = writer.get(60, TimeUnit.SECONDS).events().getLast().data();
            assertEquals(true, readOnlyTail.contains("turn-complete") && !readOnlyTail.contains("probe-token"),
                    "a read-only reader on the other node: " + readOnlyTail);
            assertEquals(true, writerTail.contains("probe-token"), "the secret key's reader on the other node: " + writerTail);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // node 2 stays down after it: a restart after kill -9 is FaultsIT's
    void aRunKilledMidTurnIsRecoveredByTheOtherNode() throws Exception {
        String chat = uniqueChatId();
        createOnNode2(chat);
        String words = String.join(" ", java.util.Collections.nCopies(300, "word"));
        HttpResponse<String> sent = sendTo(NODE2, "POST", "/realtime/v1/sessions/" + chat + "/in/append",
                Parley.message(chat, words), "Authorization", bearer(KEY), "Content-Type", "application/json");
        assertEquals(200, sent.statusCode(), sent.body());
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        String crashed = Chats.currentRun(chat);

        SecondNode.kill();
        long killed = System.nanoTime();
        long killedAtMs = System.currentTimeMillis();

        // node 1 reaps the expired lease and a recovery run continues the message the crash cut off
        var records = Chats.untilTurns(chat, -1, 1).records();
        long completeMs = (System.nanoTime() - killed) / 1_000_000;
        var continued = records.stream().filter(r -> !r.containsKey("headers")
                && "start".equals(SseClient.dataOf(r).asJsonObject().getString("type"))).skip(1).findFirst().orElseThrow();
        System.out.printf("[fault] kill -9 of one of two nodes: kill to answer continued on the other %d ms, "
                + "kill to complete answer %d ms%n", continued.getJsonNumber("timestamp").longValue() - killedAtMs, completeMs);
        var chunks = Chats.chunks(records);
        assertEquals("You said: " + words, Chats.text(chunks), "the partial text, then the rest of it, nothing twice");
        assertEquals(1, chunks.stream().filter(c -> "start".equals(c.getString("type")))
                .map(c -> c.getString("messageId")).distinct().count(), "one message: the recovery continues it");
        assertEquals("CRASHED", Chats.runStatus(crashed));
        String recovery = Chats.currentRun(chat);
        assertEquals("RECOVERY", Database.text("select reason from session_run where friendly_id = ?", recovery));

    }

    @Test
    void aRunSuspendedOnOneNodeResumesAsTheSameRunOnTheOther() throws Exception {
        String chat = uniqueChatId();
        createOnNode2(chat);
        String run = Chats.currentRun(chat);
        String status = null;
        for (int i = 0; i < 60 && !"SUSPENDED".equals(status); i++) {
            Thread.sleep(250);
            status = Chats.runStatus(run);
        }
        assertEquals("SUSPENDED", status, "the preloaded run suspends on node 2 after its idle timeout");

        Chats.say(chat, "hello from node one");
        var records = Chats.untilTurns(chat, -1, 1).records();
        assertEquals("You said: hello from node one", Chats.text(Chats.chunks(records)));
        assertEquals(run, Chats.currentRun(chat), "the same run, resumed by node 1");
    }

    /** Created through node 2, so node 2's queue and engine take the session's first run. */
    private static void createOnNode2(String chat) {
        HttpResponse<String> created = sendTo(NODE2, "POST", "/api/v1/sessions", """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo",
                 "triggerConfig":{"basePayload":{"trigger":"preload","chatId":"%s"}}}""".formatted(chat, chat),
                "Authorization", bearer(KEY), "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
    }
}
