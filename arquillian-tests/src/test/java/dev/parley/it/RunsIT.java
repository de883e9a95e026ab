package dev.parley.it;

import dev.parley.it.probe.HookLog;
import dev.parley.it.probe.HydratingProbeAgent;
import dev.parley.it.probe.ProbeAgent;
import dev.parley.it.probe.RunQueueProbe;
import dev.parley.it.probe.SteeringProbeAgent;
import dev.parley.it.probe.TypedProbeAgent;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.parley.it.Chats.chunks;
import static dev.parley.it.Chats.control;
import static dev.parley.it.Chats.currentRun;
import static dev.parley.it.Chats.header;
import static dev.parley.it.Chats.hooks;
import static dev.parley.it.Chats.runStatus;
import static dev.parley.it.Chats.say;
import static dev.parley.it.Chats.text;
import static dev.parley.it.Chats.untilTurns;
import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run engine over real HTTP, JMS, timers and PostgreSQL: one named test per lifecycle boundary. */
@ExtendWith(ArquillianExtension.class)
class RunsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProbeAgent.class, ProbeAgent.Counter.class, HookLog.class, HydratingProbeAgent.class,
                TypedProbeAgent.class, TypedProbeAgent.User.class, SteeringProbeAgent.class, SteeringProbeAgent.Query.class, RunQueueProbe.class);
    }

    @Test
    void eachTurnStreamsStartToFinishThenTurnCompleteAndTrimsThePreviousTurn() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        long in0 = say(chat, "hello");
        List<JsonObject> first = untilTurns(chat, -1, 1).records();
        List<JsonObject> c1 = chunks(first);
        assertEquals("start", c1.get(0).getString("type"));
        assertNotNull(c1.get(0).getString("messageId"));
        assertEquals("finish", c1.get(c1.size() - 1).getString("type"));
        assertEquals("stop", c1.get(c1.size() - 1).getString("finishReason"));
        JsonObject tc1 = first.get(first.size() - 1);
        assertEquals("turn-complete", control(tc1));
        assertEquals(Long.toString(in0), header(tc1, "session-in-event-id"));
        assertEquals(3, header(tc1, "public-access-token").split("\\.").length, "a refreshed session token");
        long tc1Seq = tc1.getJsonNumber("seq_num").longValue();

        long in1 = say(chat, "again");
        List<JsonObject> second = untilTurns(chat, tc1Seq, 1).records();
        assertTrue(text(chunks(second)).startsWith("state-turn=2 history=3"), text(chunks(second)));
        JsonObject tc2 = second.stream().filter(r -> "turn-complete".equals(control(r))).findFirst().orElseThrow();
        assertEquals(Long.toString(in1), header(tc2, "session-in-event-id"));
        JsonObject trim = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1",
                "Last-Event-ID", tc2.getJsonNumber("seq_num").toString()).records().get(0);
        assertEquals("[[\"\",\"trim\"]]", trim.getJsonArray("headers").toString(), "the trim follows the turn-complete");
        long target = 0;
        for (char ch : trim.getString("body").toCharArray()) {
            target = (target << 8) | ch;
        }
        assertEquals(tc1Seq, target, "trim back to the previous turn-complete");
        String log = hooks(chat);
        assertTrue(log.contains("hook:BOOT") && log.contains("hook:PRELOAD") && log.contains("hook:CHAT_START"), log);
        assertTrue(log.contains("hook:TURN_COMPLETE:1:false") && log.contains("hook:TURN_COMPLETE:2:false"), log);
        assertTrue(log.contains("event:TurnStart") && log.contains("event:TurnComplete"), "CDI events fired too: " + log);
    }

    @Test
    void stopMidStreamEndsTheTurnPromptlyAndIsNotBufferedForTheNext() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "long answer please");
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(10), "Timeout-Seconds", "30");
        Chats.stop(chat);
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        assertEquals("abort", c.get(c.size() - 1).getString("type"), "a stopped turn ends with abort");
        assertTrue(c.size() < 100, "stopped long before its 150 words: " + c.size() + " chunks");
        long tc = records.get(records.size() - 1).getJsonNumber("seq_num").longValue();

        say(chat, "next");
        List<JsonObject> next = chunks(untilTurns(chat, tc, 1).records());
        assertEquals("finish", next.get(next.size() - 1).getString("type"), "the next turn is not stopped");
        assertTrue(hooks(chat).contains("hook:TURN_COMPLETE:1:true"), hooks(chat));
    }

    @Test
    void reloadMidStreamResumesTheRestOfTheTurnWithoutDuplicates() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "long but complete");
        List<Long> before = SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(20), "Timeout-Seconds", "30").seqs();
        long cursor = before.get(before.size() - 1);
        List<JsonObject> rest = untilTurns(chat, cursor, 1).records();
        List<Long> all = new ArrayList<>(before);
        rest.forEach(r -> all.add(r.getJsonNumber("seq_num").longValue()));
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i), "every record once, in order, across the reload");
        }
        List<JsonObject> reloaded = untilTurns(chat, -1, 1).records();
        assertEquals(text(chunks(reloaded)), text(chunks(SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").records())));
        assertTrue(text(chunks(reloaded)).endsWith(" w149"), "the whole answer: " + text(chunks(reloaded)));
    }

    @Test
    void aMessageSentWhileStreamingIsAnsweredAsTheNextTurn() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "long first");
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        say(chat, "second");
        List<JsonObject> both = untilTurns(chat, -1, 2).records();
        String all = text(chunks(both));
        assertTrue(all.contains("state-turn=1") && all.contains("state-turn=2 history=3"), all);
        assertTrue(all.indexOf("state-turn=1") < all.indexOf("state-turn=2"), all);
        assertTrue(all.contains(" w149"), "the first turn was not cut short: " + all);
    }

    @Test
    void anIdleRunSuspendsAndResumesAsTheSameRunWithItsState() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "one");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String run = currentRun(chat);
        String status = null;
        for (int i = 0; i < 40 && !"SUSPENDED".equals(status); i++) {
            Thread.sleep(250);
            status = runStatus(run);
        }
        assertEquals("SUSPENDED", status, "idle past its 2 s timeout");
        assertTrue(hooks(chat).contains("hook:CHAT_SUSPEND"), hooks(chat));

        say(chat, "two");
        String answer = text(chunks(untilTurns(chat, tc, 1).records()));
        assertEquals(run, currentRun(chat), "the same run id");
        assertTrue(answer.startsWith("state-turn=2 history=3 run=" + run), "state and history kept: " + answer);
        assertTrue(hooks(chat).contains("hook:CHAT_RESUME"), hooks(chat));
    }

    @Test
    void afterEndRunTheNextMessageContinuesInANewRunWithTheHistory() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "end");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String first = currentRun(chat);
        awaitStatus(first, "COMPLETED");

        say(chat, "after");
        String answer = text(chunks(untilTurns(chat, tc, 1).records()));
        String second = currentRun(chat);
        assertNotEquals(first, second);
        assertTrue(answer.startsWith("state-turn=1 history=3 run=" + second), "fresh run state, full history: " + answer);
        assertEquals("CONTINUATION", Database.text("select reason from session_run where friendly_id = ?", second));
        assertEquals(first, Database.text("select p.friendly_id from session_run r join session_run p on p.id = r.previous_run_id "
                + "where r.friendly_id = ?", second));
    }

    @Test
    void messagesQueuedWhenARunEndsAreAnsweredByAContinuationAtOnce() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "end after a long answer");
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        String first = currentRun(chat);
        say(chat, "queued meanwhile");
        List<JsonObject> both = untilTurns(chat, -1, 2).records();
        String second = currentRun(chat);
        assertNotEquals(first, second, "the ended run does not answer it");
        assertTrue(text(chunks(both)).contains("state-turn=1 history=3 run=" + second), text(chunks(both)));
    }

    @Test
    void anUpgradeHandsTheChatToANewRunAtTheTurnBoundary() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "upgrade");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String first = Database.text("select friendly_id from session_run r where session_id = "
                + "(select id from session where external_id = ?) and reason = 'INITIAL'", chat);
        awaitStatus(first, "COMPLETED");
        String second = currentRun(chat);
        assertNotEquals(first, second);
        assertEquals("UPGRADE", Database.text("select reason from session_run where friendly_id = ?", second));

        say(chat, "hi new run");
        String answer = text(chunks(untilTurns(chat, tc, 1).records()));
        assertTrue(answer.startsWith("state-turn=1 history=3 run=" + second), answer);
    }

    @Test
    void aFailingTurnStreamsAnErrorAndTheChatStaysUsable() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "fail");
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        String shown = c.stream().filter(x -> "error".equals(x.getString("type"))).findFirst().orElseThrow().getString("errorText");
        assertFalse(shown.contains("asked to fail"), "the client gets an error id, not the detail: " + shown);
        assertTrue(ServerLog.entry(ServerLog.errorId(shown)).contains("asked to fail"), "the log has it under that id");
        assertEquals("error", c.get(c.size() - 1).getString("finishReason"));
        say(chat, "fine now");
        assertTrue(text(chunks(untilTurns(chat, lastSeq(records), 1).records())).startsWith("state-turn=2"));
    }

    @Test
    void closeMidTurnEndsTheTurnWithTheClosedMarkerAndNoRunStartsAgain() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "long reply to be cut");
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        String run = currentRun(chat);
        assertEquals(200, Parley.send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"done\"}",
                "Authorization", Parley.bearer(KEY), "Content-Type", "application/json").statusCode());
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        JsonObject tc = records.get(records.size() - 1);
        assertEquals("true", header(tc, "session-closed"));
        assertTrue(records.stream().anyMatch(r -> "session-closed".equals(control(r))));
        awaitStatus(run, "COMPLETED");
        assertEquals(409, Parley.append(chat, "in", Parley.message(chat, "more"), KEY).statusCode());
        assertEquals(run, currentRun(chat), "no run was started after the close");
    }

    @Test
    void cancelMidTurnStopsTheTurnEndsTheRunAndTheNextMessageStartsANewOne() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "long reply to be canceled");
        SseClient.read(Parley.URL, chat, "out", KEY, SseClient.untilSeq(5), "Timeout-Seconds", "30");
        String run = currentRun(chat);
        JsonObject canceled = cancelRun(run, 200);
        assertEquals(run, canceled.getString("id"));
        assertEquals("requested", canceled.getString("outcome"));

        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        assertEquals("abort", c.get(c.size() - 1).getString("type"), "the turn ends as a stopped turn does");
        assertFalse(text(c).contains(" w149"), "cut short: " + text(c));
        awaitStatus(run, "CANCELED");
        assertEquals("canceled", Database.text("select end_reason from session_run where friendly_id = ?", run));
        assertEquals(run, currentRun(chat), "nothing was left to answer, so no run was started");
        assertEquals("already_ended", cancelRun(run, 200).getString("outcome"), "a repeated cancel is harmless");

        say(chat, "after the cancel");
        String answer = text(chunks(untilTurns(chat, lastSeq(records), 1).records()));
        String next = currentRun(chat);
        assertNotEquals(run, next);
        assertTrue(answer.startsWith("state-turn=1 ") && answer.contains("run=" + next), "a new run answers: " + answer);
        assertEquals("CONTINUATION", Database.text("select reason from session_run where friendly_id = ?", next));
    }

    @Test
    void cancelingASuspendedRunEndsItAtOnceAndAnUnknownRunIsNotFound() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "one");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String run = currentRun(chat);
        awaitStatus(run, "SUSPENDED");
        assertEquals("canceled", cancelRun(run, 200).getString("outcome"));
        assertEquals("CANCELED", runStatus(run), "no thread held it: canceled in the request");
        assertEquals(run, currentRun(chat));

        say(chat, "two");
        String answer = text(chunks(untilTurns(chat, tc, 1).records()));
        assertNotEquals(run, currentRun(chat));
        assertTrue(answer.startsWith("state-turn=1 history=3"), "a new run with the history: " + answer);
        cancelRun("run_" + uniqueChatId(), 404);
    }

    @Test
    void concurrentFirstMessagesAfterARunEndedStartExactlyOneRun() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "end");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        awaitStatus(currentRun(chat), "COMPLETED");
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                sent.add(pool.submit(() -> say(chat, "tab " + n)));
            }
            for (Future<Long> f : sent) {
                f.get();
            }
        }
        untilTurns(chat, tc, 10);
        String runs = Database.text("select string_agg(reason || ':' || status, ',') from session_run where session_id = "
                + "(select id from session where external_id = ?)", chat);
        assertEquals(2, runs.split(",").length, "one initial run and exactly one continuation: " + runs);
        Set<String> answered = new HashSet<>();
        for (JsonObject r : SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1", "Last-Event-ID", Long.toString(tc)).records()) {
            if ("turn-complete".equals(control(r))) {
                answered.add(header(r, "session-in-event-id"));
            }
        }
        assertEquals(10, answered.size(), "every message answered once: " + answered);
    }

    @Test
    void anApprovalRequestSurvivesAReloadAndTheResponseContinuesTheSameMessage() {
        String chat = uniqueChatId();
        createChat(chat, "demo-approval");
        say(chat, "tell the team we ship today");
        List<JsonObject> first = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(first);
        String messageId = c.get(0).getString("messageId");
        JsonObject request = c.stream().filter(x -> "tool-approval-request".equals(x.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no approval request: " + c));
        assertTrue(c.stream().anyMatch(x -> "tool-input-available".equals(x.getString("type"))
                && x.getJsonObject("input").getString("body").equals("tell the team we ship today")), c.toString());
        assertTrue(c.stream().noneMatch(x -> "tool-output-available".equals(x.getString("type"))), "not run before approval");

        // a reload replays the same request from the durable stream
        List<JsonObject> reloaded = chunks(SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").records());
        assertTrue(reloaded.contains(request), "the approval request is still there after a reload");

        String approval = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"assistant",
                 "parts":[{"type":"tool-sendEmail","toolCallId":"%s","state":"approval-responded","approval":{"id":"%s","approved":true}}]}}}"""
                .formatted(chat, messageId, request.getString("toolCallId"), request.getString("approvalId"));
        assertEquals(200, Parley.append(chat, "in", approval, KEY).statusCode());
        List<JsonObject> second = chunks(untilTurns(chat, lastSeq(first), 1).records());
        assertEquals(messageId, second.get(0).getString("messageId"), "the approved turn continues the same message");
        JsonObject output = second.stream().filter(x -> "tool-output-available".equals(x.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("the tool did not run: " + second));
        assertTrue(output.getJsonObject("output").getBoolean("sent"));
        assertEquals("Done: the email was sent.", text(second));
        String snapshot = Database.text("select messages from chat_snapshot where session_id = "
                + "(select id from session where external_id = ?)", chat);
        assertTrue(snapshot.contains("\"state\":\"output-available\""), "the stored message has the tool result: " + snapshot);
    }

    @Test
    void anActionIsNotATurnButStreamsItsResponseAndCompletesWithoutAToken() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "one");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String action = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"action","action":{"type":"undo"}}}""".formatted(chat);
        assertEquals(200, Parley.append(chat, "in", action, KEY).statusCode());
        List<JsonObject> records = untilTurns(chat, tc, 1).records();
        assertEquals("action {\"type\":\"undo\"}", text(chunks(records)));
        JsonObject done = records.get(records.size() - 1);
        assertEquals(null, header(done, "public-access-token"), "an action's turn-complete carries no token");
        assertTrue(hooks(chat).contains("hook:ACTION") && !hooks(chat).contains("TURN_COMPLETE:2"), hooks(chat));
    }

    @Test
    void regenerateDropsTheLastAnswerAndAnswersAgain() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "one");
        long tc = lastSeq(untilTurns(chat, -1, 1).records());
        String regenerate = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"regenerate-message"}}""".formatted(chat);
        assertEquals(200, Parley.append(chat, "in", regenerate, KEY).statusCode());
        assertTrue(text(chunks(untilTurns(chat, tc, 1).records())).startsWith("state-turn=2 history=1 "),
                "only the user message remains before the new answer");
    }

    @Test
    void typedClientDataIsValidatedAndABadOneFailsOnlyThatTurn() {
        String chat = uniqueChatId();
        createChat(chat, "it-typed");
        String withData = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","metadata":%s,
                 "message":{"id":"%s","role":"user","parts":[{"type":"text","text":"hi"}]}}}""";
        assertEquals(200, Parley.append(chat, "in", withData.formatted(chat, "{\"userId\":\"\"}", "m1"), KEY).statusCode());
        List<JsonObject> bad = untilTurns(chat, -1, 1).records();
        JsonObject error = chunks(bad).stream().filter(c -> "error".equals(c.getString("type"))).findFirst().orElseThrow();
        assertTrue(error.getString("errorText").startsWith("Invalid client data: userId"), error.toString());
        assertEquals(200, Parley.append(chat, "in", withData.formatted(chat, "{\"userId\":\"u-7\"}", "m2"), KEY).statusCode());
        assertEquals("hello u-7", text(chunks(untilTurns(chat, lastSeq(bad), 1).records())));
    }

    @Test
    void withSteeringAMessageSentMidTurnIsInjectedAtTheNextStepInsteadOfQueued() {
        String chat = uniqueChatId();
        createChat(chat, "it-steer");
        say(chat, "look something up");
        SseClient.read(Parley.URL, chat, "out", KEY, e -> e.data() != null && e.data().contains("tool-input-available"),
                "Timeout-Seconds", "30");
        long steerSeq = say(chat, "also check this");
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> c = chunks(records);
        JsonObject injected = c.stream().filter(x -> "data-pending-message-injected".equals(x.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing injected: " + c));
        assertEquals(1, injected.getJsonObject("data").getJsonArray("messageIds").size());
        assertEquals("users=2", text(c), "the model saw both user messages in one turn");
        assertEquals(Long.toString(steerSeq), header(records.get(records.size() - 1), "session-in-event-id"),
                "the turn answers the steering message too");
        List<JsonObject> after = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "3",
                "Last-Event-ID", Long.toString(lastSeq(records))).records();
        assertTrue(after.stream().noneMatch(r -> "turn-complete".equals(control(r))), "no extra turn for it: " + after);
    }

    @Test
    void anAgentThatHydratesGetsItsOwnHistoryPlusTheNewMessageEveryTurn() {
        String chat = uniqueChatId();
        createChat(chat, "it-hydrate");
        say(chat, "first question");
        List<JsonObject> one = untilTurns(chat, -1, 1).records();
        assertEquals("history=2 first=kept in the customer's database last=first question", text(chunks(one)));
        say(chat, "second question");
        assertEquals("history=2 first=kept in the customer's database last=second question",
                text(chunks(untilTurns(chat, lastSeq(one), 1).records())), "the store, not the snapshot, is the history");
    }

    private static long lastSeq(List<JsonObject> records) {
        return records.get(records.size() - 1).getJsonNumber("seq_num").longValue();
    }

    @Test
    void aRunPastItsMaxDurationIsCutAndTheNextMessageContinuesInANewRun() {
        String chat = uniqueChatId();
        createChat(chat, "it-probe", "\"maxDuration\":1");
        say(chat, "a long answer please"); // 150 words at 20 ms: three times the one-second budget
        List<JsonObject> records = untilTurns(chat, -1, 1).records();
        List<JsonObject> turn = chunks(records);
        assertEquals("abort", turn.getLast().getString("type"), "the turn is cut when the run's budget is spent: " + turn);
        assertFalse(text(turn).contains(" w149"), "cut before the end: " + text(turn));
        String first = currentRun(chat);
        awaitStatus(first, "TIMED_OUT");

        say(chat, "again");
        String answer = text(chunks(untilTurns(chat, lastSeq(records), 1).records()));
        String second = currentRun(chat);
        assertNotEquals(first, second);
        assertTrue(answer.startsWith("state-turn=1 history=3 run=" + second), "a continuation with a fresh budget: " + answer);
    }

    @Test
    void theSessionsIdleTimeoutWinsOverTheAgents() {
        String chat = uniqueChatId();
        createChat(chat, "demo", "\"idleTimeoutInSeconds\":1"); // the demo agent itself idles for 30 s
        awaitStatus(currentRun(chat), "SUSPENDED");
    }

    @Test
    void aRunMessageTheDispatcherCannotHandleIsRetriedThenParkedOnTheDeadLetterQueue() throws Exception {
        String marker = "poison-" + System.nanoTime();
        assertEquals(200, Parley.send("POST", "/it-probe/run-queue/poison/" + marker, null).statusCode());
        String found = "none";
        for (int i = 0; i < 60 && found.equals("none"); i++) {
            Thread.sleep(500);
            found = Parley.send("GET", "/it-probe/run-queue/dead/" + marker, null).body();
        }
        assertTrue(found.startsWith("found:"), "the failing message reached parley.runs.dead: " + found);
        assertTrue(Integer.parseInt(found.substring(6)) > 1, "after redeliveries, not at the first failure: " + found);
    }

    @Test
    void theConsoleListsADeadLetteredRunAndRequeuesItAndTheRunResumes() throws Exception {
        String chat = uniqueChatId();
        createChat(chat, "it-probe");
        say(chat, "one");
        untilTurns(chat, -1, 1);
        String run = currentRun(chat);
        awaitStatus(run, "SUSPENDED");
        String internal = Database.text("select id from session_run where friendly_id = ?", run);
        String messageId = Parley.send("POST", "/it-probe/run-queue/dead-letter/" + internal, null).body();
        String junk = Parley.send("POST", "/it-probe/run-queue/dead-letter/not%20a%20run", null).body();
        String admin = Console.adminCookie();

        JsonObject parked = deadLetter(admin, messageId);
        assertEquals(run, parked.getString("runId"));
        assertEquals("SUSPENDED", parked.getString("runStatus"));
        assertEquals(Parley.json(Parley.send("GET", "/api/v1/sessions/" + chat, null, "Authorization", Parley.bearer(KEY))
                .body()).getString("id"), parked.getString("sessionId"));
        assertEquals("carries no run id", deadLetter(admin, junk).getString("note"));

        assertEquals(409, Console.post(admin, "/console/api/dead-runs/" + junk + "/requeue", "{}").statusCode(),
                "a message without a run id stays where it is");
        var requeued = Console.post(admin, "/console/api/dead-runs/" + messageId + "/requeue", "{}");
        assertEquals(200, requeued.statusCode(), requeued.body());
        for (int i = 0; i < 40 && !hooks(chat).contains("hook:CHAT_RESUME"); i++) {
            Thread.sleep(250);
        }
        assertTrue(hooks(chat).contains("hook:CHAT_RESUME"), "the requeued run was taken again: " + hooks(chat));
        assertEquals(run, currentRun(chat));
        assertFalse(Console.get(admin, "/console/api/dead-runs").body().contains(messageId), "it left the dead letters");
        assertEquals(404, Console.post(admin, "/console/api/dead-runs/" + messageId + "/requeue", "{}").statusCode());
        assertEquals(400, Console.post(admin, "/console/api/dead-runs/ID:x'%20or%20'1'='1/requeue", "{}").statusCode(),
                "a message id is checked before it goes into a selector");
        assertTrue(Parley.send("GET", "/it-probe/run-queue/dead/parked", null).body().startsWith("found:"),
                "the message without a run id was still there");
    }

    private static JsonObject deadLetter(String cookie, String messageId) {
        var list = Console.get(cookie, "/console/api/dead-runs");
        assertEquals(200, list.statusCode(), list.body());
        return Parley.json(list.body()).getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(d -> messageId.equals(d.getString("messageId"))).findFirst()
                .orElseThrow(() -> new AssertionError(messageId + " not listed: " + list.body()));
    }

    private static JsonObject cancelRun(String run, int status) {
        var response = Parley.send("POST", "/api/v2/runs/" + run + "/cancel", null, "Authorization", Parley.bearer(KEY));
        assertEquals(status, response.statusCode(), response.body());
        return Parley.json(response.body());
    }

    private static void awaitStatus(String run, String expected) {
        String status = null;
        for (int i = 0; i < 40 && !expected.equals(status); i++) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = runStatus(run);
        }
        assertEquals(expected, status, "status of " + run);
    }
}
