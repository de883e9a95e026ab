package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.parley.it.Console.adminCookie;
import static dev.parley.it.Console.get;
import static dev.parley.it.Console.post;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's admin features over real HTTP: environments and secret keys, the playground, and the audit log. */
@ExtendWith(ArquillianExtension.class)
class ConsoleAdminIT {
    /** The audit log's retention timer every 2 s (10 min by default), so a test sees old entries go. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.withConfig(Parley.war(), """

                parley.retention.audit.sweep.seconds=2
                """);
    }

    @Test
    void aNewEnvironmentsKeyIsShownOnceWorksAtOnceAndStopsWorkingWhenRevoked() {
        String cookie = adminCookie();
        String slug = "env-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(cookie, "/console/api/environments", "{\"slug\":\"" + slug + "\",\"name\":\"Test\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject env = json(created.body());
        String first = env.getJsonObject("key").getString("secret");
        String firstId = env.getJsonObject("key").getString("id");
        assertEquals(200, send("GET", "/api/v1/sessions", null, "Authorization", bearer(first)).statusCode());

        String listed = get(cookie, "/console/api/environments").body();
        assertTrue(listed.contains(slug));
        assertFalse(listed.contains(first), "secrets are never listed");

        assertEquals(409, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstId + "/revoke", null).statusCode(),
                "the last active key stays");
        HttpResponse<String> second = post(cookie, "/console/api/environments/" + slug + "/keys", null);
        assertEquals(201, second.statusCode(), second.body());
        String secondSecret = json(second.body()).getString("secret");
        assertEquals(200, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstId + "/revoke", null).statusCode());
        assertEquals(401, send("GET", "/api/v1/sessions", null, "Authorization", bearer(first)).statusCode());
        assertEquals(200, send("GET", "/api/v1/sessions", null, "Authorization", bearer(secondSecret)).statusCode());
    }

    @Test
    void environmentInputIsValidated() {
        String cookie = adminCookie();
        assertEquals(400, post(cookie, "/console/api/environments", "{\"slug\":\"Not A Slug\"}").statusCode());
        assertEquals(400, post(cookie, "/console/api/environments", "[]").statusCode());
        assertEquals(409, post(cookie, "/console/api/environments", "{\"slug\":\"default\"}").statusCode());
        assertEquals(404, post(cookie, "/console/api/environments/nope/keys", null).statusCode());
        assertEquals(404, post(cookie, "/console/api/environments/default/keys/key_nope/revoke", null).statusCode());
    }

    @Test
    void thePlaygroundChatsAndApprovesAToolCall() {
        String cookie = adminCookie();
        HttpResponse<String> started = post(cookie, "/console/api/playground", "{\"agent\":\"demo-approval\"}");
        assertEquals(200, started.statusCode(), started.body());
        JsonObject chat = json(started.body());
        String id = chat.getString("id");
        String chatId = chat.getString("chatId");
        assertEquals(200, post(cookie, "/console/api/playground/" + id + "/in", Parley.message(chatId, "ship it")).statusCode());
        List<JsonObject> first = Chats.chunks(Chats.untilTurns(chatId, -1, 1).records());
        JsonObject request = first.stream().filter(c -> "tool-approval-request".equals(c.getString("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no approval request: " + first));
        String approval = """
                {"kind":"message","payload":{"chatId":"%s","trigger":"submit-message","message":{"id":"%s","role":"assistant",
                 "parts":[{"type":"tool-sendEmail","toolCallId":"%s","state":"approval-responded","approval":{"id":"%s","approved":true}}]}}}"""
                .formatted(chatId, first.get(0).getString("messageId"), request.getString("toolCallId"), request.getString("approvalId"));
        assertEquals(200, post(cookie, "/console/api/playground/" + id + "/in", approval).statusCode());
        List<JsonObject> all = Chats.chunks(Chats.untilTurns(chatId, -1, 2).records());
        assertTrue(all.stream().anyMatch(c -> "tool-output-available".equals(c.getString("type"))), all.toString());
    }

    @Test
    void theMetricsCountTurnsAndTimeToFirstChunkOverEachRangeWithPercentiles() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        Chats.say(chat, "measure me");
        Chats.untilTurns(chat, -1, 1);
        String cookie = adminCookie();
        jakarta.json.JsonObject hour = json(get(cookie, "/console/api/metrics").body());
        assertEquals("1h", hour.getString("range"), "the last hour by default");
        assertEquals(60, hour.getInt("bucketSeconds"));
        jakarta.json.JsonArray buckets = hour.getJsonArray("buckets");
        assertEquals(60, buckets.size());
        assertTrue(buckets.stream().mapToLong(m -> m.asJsonObject().getJsonNumber("turns").longValue()).sum() >= 1);
        jakarta.json.JsonObject measured = buckets.getJsonObject(59).getInt("ttfcCount") > 0 ? buckets.getJsonObject(59)
                : buckets.getJsonObject(58);
        long p50 = measured.getJsonNumber("ttfcP50Ms").longValue();
        long p95 = measured.getJsonNumber("ttfcP95Ms").longValue();
        assertTrue(p50 >= 0 && p50 <= p95 && p95 < 60_000, "time to first chunk of the turn just taken: " + measured);
        assertFalse(measured.isNull("ttfcMs"), "the mean is there too: " + measured);

        jakarta.json.JsonObject week = json(get(cookie, "/console/api/metrics?range=7d").body());
        assertEquals(3600, week.getInt("bucketSeconds"));
        assertEquals(168, week.getJsonArray("buckets").size());
        jakarta.json.JsonObject thisHour = week.getJsonArray("buckets").getJsonObject(167);
        assertTrue(thisHour.getJsonNumber("turns").longValue() >= 1, "the turn is in the week's last hour: " + thisHour);
        assertTrue(thisHour.getInt("ttfcCount") >= 1);
        assertEquals(72, json(get(cookie, "/console/api/metrics?range=6h").body()).getJsonArray("buckets").size());
        assertEquals(96, json(get(cookie, "/console/api/metrics?range=24h").body()).getJsonArray("buckets").size());

        HttpResponse<String> bad = get(cookie, "/console/api/metrics?range=30d");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad.body()).getString("error").contains("1h, 6h, 24h, 7d"), bad.body());
    }

    @Test
    void playgroundInputIsValidated() {
        String cookie = adminCookie();
        assertEquals(400, post(cookie, "/console/api/playground", "{\"agent\":\"no-such-agent\"}").statusCode());
        String id = json(post(cookie, "/console/api/playground", "{\"agent\":\"demo\"}").body()).getString("id");
        assertEquals(400, post(cookie, "/console/api/playground/" + id + "/in", "{\"kind\":\"shout\"}").statusCode());
        assertEquals(400, post(cookie, "/console/api/playground/" + id + "/in", "{\"kind\":\"message\",\"payload\":{}}").statusCode());
        String other = Parley.createChat(Parley.uniqueChatId()).getString("id");
        assertEquals(404, post(cookie, "/console/api/playground/" + other + "/in", "{\"kind\":\"stop\"}").statusCode(),
                "only playground sessions take playground input");
    }

    @Test
    void adminActionsAreAuditedWithActorTargetAndOutcomeAndARefusedOneLeavesOnlyItsRefusal() {
        String cookie = adminCookie();
        String slug = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        JsonObject env = json(post(cookie, "/console/api/environments", "{\"slug\":\"" + slug + "\"}").body());
        String firstKey = env.getJsonObject("key").getString("id");
        String firstSecret = env.getJsonObject("key").getString("secret");
        assertEquals(409, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstKey + "/revoke", null).statusCode());
        JsonObject second = json(post(cookie, "/console/api/environments/" + slug + "/keys", null).body());
        assertEquals(200, post(cookie, "/console/api/environments/" + slug + "/keys/" + firstKey + "/revoke", null).statusCode());
        // an API action under the new environment's second key: recorded under the key's id
        String chat = Parley.uniqueChatId();
        HttpResponse<String> created = send("POST", "/api/v1/sessions", """
                {"type":"chat.agent","externalId":"%s","taskIdentifier":"demo",
                 "triggerConfig":{"basePayload":{"messages":[],"trigger":"preload","chatId":"%s"}}}""".formatted(chat, chat),
                "Authorization", bearer(second.getString("secret")), "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        String session = json(created.body()).getString("id");
        assertEquals(200, send("POST", "/api/v1/sessions/" + chat + "/close", "{\"reason\":\"audited\"}",
                "Authorization", bearer(second.getString("secret")), "Content-Type", "application/json").statusCode());

        JsonObject made = only(cookie, "ENVIRONMENT_CREATE", slug);
        assertEntry(made, "console", "admin", "done");
        assertEquals(firstKey, made.getJsonObject("detail").getString("key"));
        List<JsonObject> revokes = entries(cookie, "action=KEY_REVOKE", e -> firstKey.equals(e.getString("target")));
        assertEquals(2, revokes.size(), "one refused attempt and one revocation, nothing else: " + revokes);
        assertEntry(revokes.get(0), "console", "admin", "done");
        assertEntry(revokes.get(1), "console", "admin", "refused");
        assertTrue(revokes.get(1).getString("reason").startsWith("409 The last active key"), revokes.get(1).toString());
        assertEquals(slug, revokes.get(1).getJsonObject("detail").getString("environment"));
        assertEntry(only(cookie, "KEY_CREATE", second.getString("id")), "console", "admin", "done");
        JsonObject closed = only(cookie, "SESSION_CLOSE", session);
        assertEntry(closed, "secret_key", second.getString("id"), "done");
        assertEquals("audited", closed.getJsonObject("detail").getString("reason"));
        for (String secret : List.of(firstSecret, second.getString("secret"))) {
            assertEquals(0, Database.count("select count(*) from audit_entry where actor = ? or detail::text like ?",
                    secret, "%" + secret.substring(3) + "%"), "a secret key is never recorded");
        }
    }

    @Test
    void anAdminActionWhoseAuditRowCannotBeWrittenDoesNotHappen() {
        String slug = "unaudited-" + UUID.randomUUID().toString().substring(0, 8);
        // the database refuses this one environment's audit row, as a full disk or a broken column would
        Database.update("create or replace function audit_refuse_test() returns trigger language plpgsql as $$"
                + " begin if new.target like 'unaudited-%' then raise exception 'audit refused by the test'; end if;"
                + " return new; end $$");
        Database.update("create trigger audit_refuse_test before insert on audit_entry for each row"
                + " execute function audit_refuse_test()");
        try {
            String cookie = adminCookie();
            assertEquals(500, post(cookie, "/console/api/environments", "{\"slug\":\"" + slug + "\"}").statusCode());
            assertFalse(get(cookie, "/console/api/environments").body().contains(slug), "the environment was rolled back");
            assertEquals(0, Database.count("select count(*) from environment where slug = ?", slug));
        } finally {
            Database.update("drop trigger audit_refuse_test on audit_entry");
            Database.update("drop function audit_refuse_test()");
        }
    }

    @Test
    void theAuditLogPagesNewestFirstAndFiltersByActionAndActor() {
        String cookie = adminCookie();
        for (int i = 0; i < 3; i++) {
            post(cookie, "/console/api/environments/default/keys/key_nope" + i + "/revoke", null);
        }
        JsonObject first = json(get(cookie, "/console/api/audit?actor=admin&action=KEY_REVOKE&limit=2").body());
        JsonArray page = first.getJsonArray("data");
        assertEquals(2, page.size());
        long next = first.getJsonObject("pagination").getJsonNumber("next").longValue();
        JsonArray older = json(get(cookie, "/console/api/audit?actor=admin&action=KEY_REVOKE&limit=2&before=" + next).body())
                .getJsonArray("data");
        assertFalse(older.isEmpty());
        assertTrue(page.getJsonObject(0).getJsonNumber("id").longValue() > page.getJsonObject(1).getJsonNumber("id").longValue());
        assertTrue(older.getJsonObject(0).getJsonNumber("id").longValue() < next, "the next page is older");
        for (JsonArray rows : List.of(page, older)) {
            rows.forEach(r -> {
                assertEquals("KEY_REVOKE", r.asJsonObject().getString("action"));
                assertEquals("admin", r.asJsonObject().getJsonObject("actor").getString("name"));
            });
        }
        assertEquals("key_nope2", page.getJsonObject(0).getString("target"), "newest first");
        assertEquals(400, get(cookie, "/console/api/audit?action=NOT_AN_ACTION").statusCode());
    }

    @Test
    void aViewerCannotReadTheAuditLogAndItsRefusedAdminActionIsRecorded() {
        StandInIdp idp = StandInIdp.start();
        String viewer = Console.ssoCookie(idp.token("audit-viewer@corp", "parley-viewer"));
        assertEquals(403, get(viewer, "/console/api/audit").statusCode());
        String session = Parley.createChat(Parley.uniqueChatId()).getString("id");
        assertEquals(403, post(viewer, "/console/api/sessions/" + session + "/close", "{}").statusCode());
        String admin = adminCookie();
        JsonObject refused = only(admin, "SESSION_CLOSE", session);
        assertEntry(refused, "sso", "audit-viewer@corp", "refused");
        assertTrue(refused.getString("reason").contains("parley-admin"), refused.toString());
        List<JsonObject> signIns = entries(admin, "action=SIGN_IN&actor=audit-viewer@corp", e -> true);
        assertFalse(signIns.isEmpty());
        assertEntry(signIns.get(0), "sso", "audit-viewer@corp", "done");
        assertEquals("sso", signIns.get(0).getJsonObject("detail").getString("method"));
    }

    @Test
    void aFailedSignInIsRecordedUnderTheNameItTriedAndNeverWithThePassword() {
        String name = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "wrong-" + UUID.randomUUID();
        assertEquals(401, Console.login(name, password).statusCode());
        List<JsonObject> rows = entries(adminCookie(), "action=SIGN_IN&actor=" + name, e -> true);
        assertEquals(1, rows.size(), rows.toString());
        assertEntry(rows.get(0), "console", name, "refused");
        assertTrue(rows.get(0).getString("reason").startsWith("401"), rows.get(0).toString());
        assertEquals(0, Database.count("select count(*) from audit_entry where detail::text like ? or reason like ?",
                "%" + password + "%", "%" + password + "%"));
    }

    /**
     * The retention timer runs every 2 s in this deployment (parley.retention.audit.sweep.seconds) with the default
     * age of 365 days; the entries are written in the past directly, in one statement, so the sweep that deletes the
     * old one has seen the recent one too.
     */
    @Test
    void theRetentionTimerDeletesAuditEntriesPastTheirAgeAndKeepsYoungerOnes() throws InterruptedException {
        String actor = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        Database.update("insert into audit_entry (at, actor_kind, actor, action, target, outcome) values"
                + " (now() - interval '400 days', 'console', ?, 'SESSION_CLOSE', 'old', 'done'),"
                + " (now() - interval '300 days', 'console', ?, 'SESSION_CLOSE', 'recent', 'done')", actor, actor);
        String old = "select count(*) from audit_entry where actor = ? and target = 'old'";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Database.count(old, actor) > 0) {
            assertTrue(System.nanoTime() < deadline, "the entry 400 days old was not deleted within a minute");
            Thread.sleep(200);
        }
        assertEquals(1, Database.count("select count(*) from audit_entry where actor = ? and target = 'recent'", actor),
                "an entry younger than PARLEY_RETENTION_AUDIT_DAYS stays");
        List<JsonObject> shown = entries(adminCookie(), "actor=" + actor, e -> true);
        assertEquals(List.of("recent"), shown.stream().map(e -> e.getString("target")).toList());
    }

    private static void assertEntry(JsonObject e, String actorKind, String actor, String outcome) {
        assertEquals(actorKind, e.getJsonObject("actor").getString("kind"), e.toString());
        assertEquals(actor, e.getJsonObject("actor").getString("name"), e.toString());
        assertEquals(outcome, e.getString("outcome"), e.toString());
        assertNotEquals("", e.getString("at"));
    }

    private static JsonObject only(String cookie, String action, String target) {
        List<JsonObject> found = entries(cookie, "action=" + action, e -> target.equals(e.getString("target", null)));
        assertEquals(1, found.size(), action + " on " + target + ": " + found);
        return found.get(0);
    }

    private static List<JsonObject> entries(String cookie, String query, Predicate<JsonObject> which) {
        HttpResponse<String> r = get(cookie, "/console/api/audit?limit=200&" + query);
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("data").getValuesAs(JsonObject.class).stream().filter(which).toList();
    }
}
