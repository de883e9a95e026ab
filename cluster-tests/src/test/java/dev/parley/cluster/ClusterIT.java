package dev.parley.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three Liberty nodes dispatching runs through one ActiveMQ Artemis broker (PARLEY_JMS=artemis), sharing one
 * PostgreSQL. A chat's first run starts on the node that accepted it; every wake-up of a suspended run goes through
 * the broker to whichever node's message bean asks first. A node killed with {@code kill -9} in the middle of turns
 * leaves its chats to the other two: its streaming runs through lease expiry and recovery, the wake-ups sent after
 * its death to the live nodes' consumers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int CHATS = 12;
    private static final List<Node> NODES = List.of(new Node(1), new Node(2), new Node(3));
    private static Broker broker;

    @BeforeAll
    static void startCluster() throws Exception {
        Path work = Path.of(System.getProperty("cluster.work"));
        broker = Broker.start(Path.of(System.getProperty("cluster.artemis.home")), work.resolve("broker"),
                Integer.getInteger("cluster.broker.port"));
        Runtime.getRuntime().addShutdownHook(new Thread(ClusterIT::stopNodes, "cluster-nodes-stop"));
        for (Node n : NODES) {
            n.create(settings());
        }
        // node 2 and 3 once node 1 has migrated the schema and created the environment of the bootstrap key: nodes
        // creating it at once would collide on it
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> starts = new ArrayList<>();
            starts.add(pool.submit(() -> {
                NODES.get(0).start();
                return null;
            }));
            Db.awaitBootstrapped();
            for (Node n : NODES.subList(1, 3)) {
                starts.add(pool.submit(() -> {
                    n.start();
                    return null;
                }));
            }
            for (Future<?> f : starts) {
                f.get(10, TimeUnit.MINUTES);
            }
        }
        Db.recordTakes();
    }

    @AfterAll
    static void stopCluster() {
        stopNodes();
        if (broker != null) {
            broker.close();
        }
    }

    /** Every node, ready or not (one whose application failed still runs); stopping a dead one does nothing. */
    private static void stopNodes() {
        NODES.parallelStream().forEach(Node::stop);
    }

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("PARLEY_HTTP_HOST", "127.0.0.1");
        s.put("PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + System.getProperty("cluster.db.port") + "/postgres");
        s.put("PARLEY_DB_POOL_MAX", "20");
        s.put("PARLEY_BOOTSTRAP_SECRET_KEY", Chats.KEY);
        s.put("PARLEY_KEY_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        s.put("PARLEY_CONSOLE_ADMIN_PASSWORD", "cluster-console-password-0123");
        s.put("PARLEY_JMS", "artemis");
        s.put("PARLEY_ARTEMIS_HOST", "127.0.0.1");
        s.put("PARLEY_ARTEMIS_PORT", System.getProperty("cluster.broker.port"));
        s.put("PARLEY_ARTEMIS_USER", Broker.USER);
        s.put("PARLEY_ARTEMIS_PASSWORD", Broker.PASSWORD);
        // quick idle suspension (so wake-ups go through the broker) and quick failure detection, as in the container tests
        s.put("PARLEY_AGENTS_DEMO_IDLE_TIMEOUT_SECONDS", "2");
        s.put("PARLEY_RUNS_LEASE_SECONDS", "10");
        s.put("PARLEY_RUNS_RENEW_SECONDS", "2");
        s.put("PARLEY_RUNS_REAPER_SECONDS", "1");
        s.put("PARLEY_RUNS_REDISPATCH_SECONDS", "5");
        s.put("PARLEY_RUNS_TURN_GRACE_SECONDS", "1");
        return s;
    }

    @Test
    @Order(1)
    void wakeUpsThroughTheBrokerSpreadOverTheNodesAndEachMessageIsAnsweredOnce() throws Exception {
        Node entry = NODES.get(0);
        List<String> chats = IntStream.range(0, CHATS).mapToObj(i -> "spread-" + i + "-" + UUID.randomUUID()).toList();
        for (String chat : chats) {
            Chats.create(entry, chat);
        }
        awaitSuspended(chats);
        Map<String, Long> asked = new LinkedHashMap<>();
        for (int i = 0; i < CHATS; i++) {
            asked.put(chats.get(i), Chats.say(entry, chats.get(i), "hello " + i));
        }
        Map<String, Integer> wokenOn = new TreeMap<>();
        for (int i = 0; i < CHATS; i++) {
            String chat = chats.get(i);
            Chats.Answer answer = Chats.awaitAnswer(chat, asked.get(chat));
            assertEquals("You said: hello " + i, answer.text(), chat);
            assertEquals(1, answer.messageIds().size(), "one message: " + answer);
            assertAnsweredOnce(chat);
            List<String[]> takes = Db.takes(chat);
            assertTrue(takes.get(0)[1].startsWith(entry.id + "/") && "PENDING".equals(takes.get(0)[2]),
                    "the first run starts where the chat was created: " + Chats.str(takes));
            String[] wake = takes.stream().filter(t -> "SUSPENDED".equals(t[2])).findFirst()
                    .orElseThrow(() -> new AssertionError("no wake-up take: " + Chats.str(takes)));
            wokenOn.merge(nodeOf(wake[1]), 1, Integer::sum);
        }
        System.out.printf("[cluster] %d wake-ups through the broker, taken per node: %s%n", CHATS, wokenOn);
        assertTrue(wokenOn.size() >= 2, "wake-ups taken by at least two nodes: " + wokenOn);
    }

    @Test
    @Order(2) // kills node 3, so it runs last
    void aNodeKilledMidTurnLeavesItsChatsToTheOthers() throws Exception {
        Node entry = NODES.get(0);
        Node victim = NODES.get(2);
        String words = IntStream.range(0, 300).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<String> streaming = IntStream.range(0, 3).mapToObj(i -> "killed-" + i + "-" + UUID.randomUUID()).toList();
        List<String> idle = IntStream.range(0, 3).mapToObj(i -> "idle-" + i + "-" + UUID.randomUUID()).toList();
        for (String chat : idle) {
            Chats.create(entry, chat);
        }
        awaitSuspended(idle);
        // created and asked at once, inside the 2 s idle timeout: their runs are still waiting on the victim, so the
        // victim streams the answers (a run that suspended first would be woken through the broker, on any node)
        Map<String, Long> asked = new LinkedHashMap<>();
        for (String chat : streaming) {
            Chats.create(victim, chat);
            asked.put(chat, Chats.say(victim, chat, words));
        }
        for (String chat : streaming) {
            awaitStreaming(chat);
        }
        victim.kill();
        for (String chat : idle) {
            asked.put(chat, Chats.say(entry, chat, "after the kill"));
        }

        for (String chat : streaming) {
            Chats.Answer answer = Chats.awaitAnswer(chat, asked.get(chat));
            assertEquals("You said: " + words, answer.text(), "the partial text, then the rest, nothing twice: " + chat);
            assertEquals(1, answer.messageIds().size(), "one message: the recovery continues the one the crash cut off");
            assertAnsweredOnce(chat);
            List<String[]> runs = Db.runs(chat);
            assertEquals("CRASHED", runs.get(0)[1], Chats.str(runs));
            assertEquals("RECOVERY", runs.get(runs.size() - 1)[2], Chats.str(runs));
            List<String[]> takes = Db.takes(chat);
            assertTrue(takes.get(0)[1].startsWith(victim.id + "/"), "the crashed run was the victim's: " + Chats.str(takes));
            String recovery = runs.get(runs.size() - 1)[0];
            assertTrue(takes.stream().filter(t -> t[0].equals(recovery)).allMatch(t -> !t[1].startsWith(victim.id + "/"))
                    && takes.stream().anyMatch(t -> t[0].equals(recovery)), "the recovery ran on a live node: " + Chats.str(takes));
        }
        for (String chat : idle) {
            Chats.Answer answer = Chats.awaitAnswer(chat, asked.get(chat));
            assertEquals("You said: after the kill", answer.text(), chat);
            assertAnsweredOnce(chat);
            List<String[]> takes = Db.takes(chat);
            assertTrue(takes.stream().filter(t -> "SUSPENDED".equals(t[2])).allMatch(t -> !t[1].startsWith(victim.id + "/")),
                    "woken after the kill by a live node: " + Chats.str(takes));
        }
    }

    /** Each {@code .in} message answered by exactly one turn-complete, and no run started twice. */
    private static void assertAnsweredOnce(String chat) {
        List<Long> seqs = Chats.answers(chat).stream().map(Chats.Answer::inSeq).toList();
        assertEquals(seqs.stream().distinct().toList(), seqs, "one turn-complete per message: " + chat);
        Map<String, Long> starts = Db.takes(chat).stream().filter(t -> "PENDING".equals(t[2]))
                .collect(Collectors.groupingBy(t -> t[0], Collectors.counting()));
        assertTrue(starts.values().stream().allMatch(n -> n == 1), "every run started once: " + starts);
    }

    private static void awaitSuspended(List<String> chats) throws InterruptedException {
        for (String chat : chats) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!"SUSPENDED".equals(lastRunStatus(chat))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(chat + " never suspended: " + Chats.str(Db.runs(chat)));
                }
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the chat's turn has streamed part of its answer, and not all of it. */
    private static void awaitStreaming(String chat) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Db.out(chat).size() < 10) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(chat + " never streamed: " + Chats.str(Db.runs(chat)));
            }
            Thread.sleep(100);
        }
        assertTrue(Chats.answers(chat).isEmpty(), "still mid-turn when the node is killed: " + chat);
    }

    private static String lastRunStatus(String chat) {
        List<String[]> runs = Db.runs(chat);
        return runs.isEmpty() ? null : runs.get(runs.size() - 1)[1];
    }

    private static String nodeOf(String owner) {
        return owner.substring(0, owner.indexOf('/'));
    }
}
