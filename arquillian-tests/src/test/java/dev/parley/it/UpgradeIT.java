package dev.parley.it;

import dev.parley.it.probe.UpgradeProbeV1;
import dev.parley.it.probe.UpgradeProbeV2;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.header;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A redeploy with a new build of an agent (docs/runs.md, "Versions"): a run suspended on build 1 is not thawed on
 * build 2 but ends as upgraded, and a run of build 2 (reason UPGRADE) answers the waiting message once, the client's
 * {@code .out} cursor going on without a gap. Both builds are this suite's real WAR plus one probe agent each, with
 * {@code parley.app.version} 1 and 2.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UpgradeIT {
    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "build-1", managed = false, testable = false)
    static WebArchive build1() {
        return build("1").addClasses(UpgradeProbeV1.class, UpgradeProbeV1.Counter.class);
    }

    @Deployment(name = "build-2", managed = false, testable = false)
    static WebArchive build2() {
        return build("2").addClasses(UpgradeProbeV2.class, UpgradeProbeV2.Counter.class);
    }

    /** The real WAR with {@code parley.app.version} added to its own configuration defaults. */
    private static WebArchive build(String version) {
        return Parley.withConfig(Parley.war("parley-build-" + version + ".war"), "parley.app.version=" + version + "\n");
    }

    @Test
    void aRunSuspendedOnTheOldBuildIsHandedToAnUpgradeRunOnTheNewOne() {
        String chat = uniqueChatId();
        deployer.deploy("build-1");
        String session;
        List<JsonObject> first;
        String run1;
        try {
            session = createChat(chat, "it-upgrade").getString("id");
            say(chat, "one");
            first = untilTurns(chat, -1, 1).records();
            assertEquals("v1 state-turn=1", text(chunks(first)));
            run1 = currentRun(chat);
            awaitSuspended(run1);
        } finally {
            deployer.undeploy("build-1");
        }
        deployer.deploy("build-2");
        try {
            long tc1 = seq(turnComplete(first));
            long in2 = say(chat, "two");
            List<JsonObject> second = untilTurns(chat, tc1, 1).records();

            assertEquals("v2 state-turn=1", text(chunks(second)), "build 2 answered, in a run with fresh state");
            assertGapless(first);
            assertEquals(tc1 + 1, seq(second.getFirst()), "the cursor goes on without a gap: " + second);
            assertGapless(second);
            JsonObject tc2 = turnComplete(second);
            assertEquals(Long.toString(in2), header(tc2, "session-in-event-id"));
            List<JsonObject> after = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1",
                    "Last-Event-ID", Long.toString(seq(tc2))).records();
            assertTrue(after.stream().noneMatch(r -> "turn-complete".equals(control(r))), "answered once: " + after);

            List<JsonObject> runs = runs(session);
            assertEquals(2, runs.size(), runs.toString());
            JsonObject old = runs.getFirst();
            JsonObject upgrade = runs.getLast();
            assertEquals(run1, old.getString("id"));
            assertEquals("1", old.getString("appVersion"));
            assertEquals("COMPLETED", old.getString("status"));
            assertEquals("upgrade", old.getString("endReason"));
            assertEquals(1, old.getInt("turns"), "the old run answered nothing after the redeploy");
            assertEquals("upgrade", upgrade.getString("reason"));
            assertEquals("2", upgrade.getString("appVersion"));
            assertEquals(run1, upgrade.getString("previousRunId"));
            assertEquals(upgrade.getString("id"), currentRun(chat));
            assertFalse(upgrade.get("startedAt").equals(JsonValue.NULL));
        } finally {
            deployer.undeploy("build-2");
        }
    }

    private static List<JsonObject> runs(String session) {
        HttpResponse<String> r = Console.get(Console.adminCookie(), "/console/api/sessions/" + session);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("runs").getValuesAs(JsonObject.class);
    }

    /** The read's turn-complete (its batch may carry what follows it, such as the trim of the previous turn). */
    private static JsonObject turnComplete(List<JsonObject> records) {
        return records.stream().filter(r -> "turn-complete".equals(control(r))).findFirst().orElseThrow();
    }

    private static void assertGapless(List<JsonObject> records) {
        for (int i = 1; i < records.size(); i++) {
            assertEquals(seq(records.get(i - 1)) + 1, seq(records.get(i)), "seqs in order, none missing: " + records);
        }
    }

    private static long seq(JsonObject record) {
        return record.getJsonNumber("seq_num").longValue();
    }

    /** The probe idles for 1 s; the run then suspends, its state stored. */
    private static void awaitSuspended(String run) {
        String status = null;
        for (int i = 0; i < 40 && !"SUSPENDED".equals(status); i++) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = runStatus(run);
        }
        assertEquals("SUSPENDED", status, "status of " + run);
    }
}
