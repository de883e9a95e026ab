package dev.parley.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.message;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented limits (docs/security.md, "Limits") against the deployed application, with limits small enough to
 * reach: record pages capped by bytes, the per-session storage quota, per-credential append limits, the console's
 * CSRF check and the retention of answered {@code .in} records.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {
    private static final int RECORD_CHARS = 150_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.withConfig(Parley.war(), """

                parley.limits.page.bytes=400000
                parley.limits.session.bytes=1500000
                parley.limits.appends.per-credential=40
                parley.retention.in.seconds=1
                """);
    }

    @Test
    void aRecordsPageHoldsAsManyRecordsAsFitItsByteCapAndPagingReadsThemAll() {
        String chatId = uniqueChatId();
        String session = createChat(chatId).getString("id");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, append(session, "out", chunk(i, "x".repeat(RECORD_CHARS)), KEY).statusCode());
        }
        List<Long> seqs = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (pages++ < 20) {
            JsonArray records = records(session, "out", after);
            if (records.isEmpty()) {
                break;
            }
            assertTrue(records.size() <= 2, "a page holds at most 400,000 bytes: " + records.size() + " records of 150,000");
            records.forEach(r -> seqs.add(((JsonObject) r).getJsonNumber("seqNum").longValue()));
            after = Long.toString(seqs.get(seqs.size() - 1));
        }
        assertEquals(5, seqs.size(), "every record is read, page after page: " + seqs);
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "gap-free: " + seqs);
        }
    }

    @Test
    void aRecordLargerThanTheByteCapStillComesOneAPage() {
        String session = createChat(uniqueChatId()).getString("id");
        assertEquals(200, append(session, "out", chunk(0, "y".repeat(500_000)), KEY).statusCode());
        assertEquals(1, records(session, "out", null).size());
    }

    @Test
    void aFullSessionRefusesAppendsWithAClearTerminalErrorAndKeepsWhatItHas() {
        String session = createChat(uniqueChatId()).getString("id");
        SecureRandom random = new SecureRandom();
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            byte[] noise = new byte[300_000]; // random, so PostgreSQL cannot compress it below the quota
            random.nextBytes(noise);
            HttpResponse<String> r = append(session, "out", chunk(i, Base64.getEncoder().encodeToString(noise)), KEY);
            if (r.statusCode() == 200) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "the quota of 1,500,000 bytes is reached within 20 appends of 400,000");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("session_quota_exceeded", json(refused.body()).getString("code"));
        assertEquals("false", refused.headers().firstValue("x-should-retry").orElse(""));
        int stored = 0;
        for (String after = null; ; ) {
            JsonArray page = records(session, "out", after);
            if (page.isEmpty()) {
                break;
            }
            stored += page.size();
            after = Long.toString(page.getJsonObject(page.size() - 1).getJsonNumber("seqNum").longValue());
        }
        assertTrue(stored >= accepted, "nothing accepted was lost: " + stored + " stored, " + accepted + " accepted");
    }

    @Test
    void aCredentialOverItsAppendLimitGets429WithRetryAfter() {
        String chatId = uniqueChatId();
        JsonObject chat = createChat(chatId);
        String token = chat.getString("publicAccessToken");
        HttpResponse<String> last = null;
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            last = append(chat.getString("id"), "in", "{\"kind\":\"noise\",\"n\":" + i + "}", token);
            if (last.statusCode() == 429) {
                break;
            }
            assertEquals(200, last.statusCode(), last.body());
            accepted++;
        }
        assertEquals(429, last.statusCode(), "40 appends a minute with one token (the bucket refills as they go)");
        assertTrue(accepted >= 40, "the burst of a minute's amount was allowed: " + accepted);
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertEquals("rate_limited", json(last.body()).getString("code"));
        JsonObject other = createChat(uniqueChatId());
        assertEquals(200, append(other.getString("id"), "in", "{\"kind\":\"noise\"}", other.getString("publicAccessToken"))
                .statusCode(), "another credential is not affected");
    }

    @Test
    void consoleStateChangesWithoutAJsonBodyOrTheConsoleHeaderAreRefused() {
        String cookie = Console.adminCookie();
        HttpResponse<String> plain = send("POST", "/console/api/environments", "{\"slug\":\"csrf-made\"}",
                "Cookie", cookie, "Content-Type", "text/plain");
        assertEquals(403, plain.statusCode(), plain.body());
        assertEquals("csrf", json(plain.body()).getString("code"));
        assertEquals(403, send("POST", "/console/api/auth/logout", null, "Cookie", cookie).statusCode(), "bodiless");
        assertEquals(403, send("POST", "/console/api/auth/logout", null, "Cookie", cookie, "X-Parley-Console", "1",
                "Origin", "https://evil.example").statusCode(), "another origin");
        assertEquals(200, Console.get(cookie, "/console/api/auth/me").statusCode(), "the session was not ended");
        assertEquals(200, send("POST", "/console/api/auth/logout", null, "Cookie", cookie, "X-Parley-Console", "1")
                .statusCode());
    }

    @Test
    void anSsoConsoleSessionEndsWithTheIdpToken() throws InterruptedException {
        StandInIdp idp = StandInIdp.start();
        String cookie = Console.ssoCookie(idp.token(StandInIdp.ISSUER, StandInIdp.AUDIENCE, Instant.now().plusSeconds(6),
                "short-lived@corp", "parley-viewer"));
        assertEquals(200, Console.get(cookie, "/console/api/auth/me").statusCode());
        long deadline = System.nanoTime() + 90_000_000_000L;
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = Console.get(cookie, "/console/api/auth/me").statusCode();
        }
        assertEquals(401, status, "the console session ended with the IdP token, not 12 hours later");
    }

    @Test
    void answeredInputIsTrimmedAfterItsRetention() throws InterruptedException {
        String chatId = uniqueChatId();
        JsonObject chat = createChat(chatId);
        String session = chat.getString("id");
        assertEquals(200, append(session, "in", message(chatId, "hello"), chat.getString("publicAccessToken")).statusCode());
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonArray in = records(session, "in", null);
        while (!in.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            in = records(session, "in", null);
        }
        assertTrue(in.isEmpty(), "the answered message left .in: " + in);
        JsonArray out = records(session, "out", null);
        assertTrue(out.toString().contains("turn-complete"), "it was answered: " + out);
        // the quota's byte count follows deletions too, or a trimmed session would stay full
        String id = Database.text("select id from session where friendly_id = ? or id = ?", session, session);
        assertEquals(0, Database.count("select stored_bytes from stream_head where session_id = ? and io = 'in'", id));
        assertEquals(0, Database.count("""
                select (select sum(stored_bytes) from stream_head where session_id = ?)
                     - (select coalesce(sum(coalesce(octet_length(headers), 0) + coalesce(octet_length(body), 0)), 0)
                        from stream_record where session_id = ?)""", id, id),
                "the count on the head rows equals the text the session's records hold");
    }

    private static JsonArray records(String session, String io, String after) {
        HttpResponse<String> r = send("GET", "/realtime/v1/sessions/" + session + "/" + io + "/records"
                + (after == null ? "" : "?afterEventId=" + after), null, "Authorization", bearer(KEY));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonArray("records");
    }

    private static String chunk(int n, String text) {
        return "{\"type\":\"text-delta\",\"id\":\"t" + n + "\",\"delta\":\"" + text + "\"}";
    }
}
