package dev.parley.it;

import dev.parley.it.probe.SlowProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL away for ten seconds in the middle of a turn: the database refuses new connections and every connection
 * Parley held is terminated (what a restart or a failover does to a client). A user must notice only a pause: readiness is DOWN
 * meanwhile, the turn in flight ends (with its answer or an error) once the database is back, the chat answers the next
 * message, and the node holds no more database connections than before.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

    private static final long OUTAGE_MS = 10_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(SlowProbeAgent.class);
    }

    @Test
    void aTenSecondOutageMidTurnEndsTheTurnOnceTheDatabaseIsBackAndTheChatAnswersTheNextMessage() throws Exception {
        String chat = uniqueChatId();
        Parley.createChat(chat, "it-slow");
        Chats.say(chat, "warm up");
        long warm = untilTurns(chat, -1, 1).records().getLast().getJsonNumber("seq_num").longValue();
        String db = Database.text("select current_database()");
        try (Connection other = Database.openOn("template1"); Statement sql = other.createStatement()) {
            long before = serverConnections(sql, db);
            Chats.say(chat, "slow");
            awaitStreaming(chat);

            long outageStarted = System.nanoTime();
            sql.execute("alter database " + quoted(db) + " with allow_connections false");
            boolean wentDown;
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = " + literal(db));
                wentDown = parleyReadiness(false, outageStarted + OUTAGE_MS * 1_000_000);
                waitUntil(outageStarted + OUTAGE_MS * 1_000_000); // the fault lasts ten seconds: this is the outage itself
            } finally {
                sql.execute("alter database " + quoted(db) + " with allow_connections true");
            }
            long back = System.nanoTime();
            assertTrue(wentDown, "readiness is DOWN while the database is away");
            assertTrue(parleyReadiness(true, back + 60_000_000_000L), "readiness is UP again once it is back");

            List<JsonObject> all = untilTurns(chat, warm, 1).records();
            long endedMs = (System.nanoTime() - back) / 1_000_000;
            int tc = 0;
            while (!"turn-complete".equals(control(all.get(tc)))) {
                tc++; // untilTurns saw one: the turn in flight ended (its batch may carry the next records too)
            }
            List<JsonObject> records = all.subList(0, tc + 1);
            List<JsonObject> c = chunks(records);
            JsonObject end = c.getLast();
            assertTrue("finish".equals(end.getString("type")) || "abort".equals(end.getString("type")),
                    "the turn's message is closed: " + end);
            boolean answered = text(c).endsWith(" w29");
            boolean failed = c.stream().anyMatch(x -> "error".equals(x.getString("type")));
            assertTrue(answered || failed, "the message got its answer or an error, not silence: " + c);
            System.out.printf("[fault] database away %d ms mid-turn: back to turn ended %d ms (%s)%n", OUTAGE_MS, endedMs,
                    failed ? "with an error" : "with its answer");

            long after = all.getLast().getJsonNumber("seq_num").longValue();
            Chats.say(chat, "next");
            assertEquals("ok: next", text(chunks(untilTurns(chat, after, 1).records())), "the chat answers the next message");
            String run = currentRun(chat);
            assertTrue(List.of("WAITING", "STREAMING", "SUSPENDED").contains(runStatus(run)), runStatus(run));
            long now = serverConnections(sql, db);
            assertTrue(now <= before + 2, "no leaked database connections: " + before + " before, " + now + " after");
        }
    }

    /** Client connections to the test database (the test's own is on another database). */
    private static long serverConnections(Statement sql, String db) throws SQLException {
        try (ResultSet rs = sql.executeQuery("select count(*) from pg_stat_activity where datname = " + literal(db)
                + " and backend_type = 'client backend'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void awaitStreaming(String chat) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if ("STREAMING".equals(runStatus(currentRun(chat)))) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("the turn of " + chat + " did not start streaming");
    }

    /**
     * Waits until Parley's own readiness checks are all UP ({@code up}) or one of them is DOWN. The overall status is
     * no use here: under Arquillian it stays DOWN for the server.xml application the test deployment replaces.
     */
    private static boolean parleyReadiness(boolean up, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                List<JsonObject> ours = Parley.json(Parley.send("GET", "/health/ready", null).body()).getJsonArray("checks")
                        .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").startsWith("parley")).toList();
                boolean allUp = !ours.isEmpty() && ours.stream().allMatch(c -> "UP".equals(c.getString("status")));
                if (allUp == up) {
                    return true;
                }
            } catch (RuntimeException notJson) {
                // no answer in the health shape yet: ask again
            }
            pause(200);
        }
        return false;
    }

    private static void waitUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            pause(left / 1_000_000);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
