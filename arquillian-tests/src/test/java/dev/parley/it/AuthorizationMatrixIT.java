package dev.parley.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every route of the deployed application, found by {@link DeployedRoutes} in the WAR itself, crossed with every kind
 * of credential, against ONE table of expected statuses. A route missing from the table (a new one) fails the test
 * until it is classified; so does a table row for a route that no longer exists.
 */
@ExtendWith(ArquillianExtension.class)
class AuthorizationMatrixIT {

    /** The credential kinds, in the column order of {@link #TABLE}. */
    enum Credential {
        NONE, MALFORMED, EXPIRED, OTHER_ENVIRONMENT, SECRET_KEY, REVOKED_KEY, READ_ONLY_TOKEN, READ_WRITE_OTHER_CHAT,
        READ_WRITE_THIS_CHAT, TASK_SCOPED_TOKEN, CONSOLE_VIEWER, CONSOLE_ADMIN, IDP_TOKEN
    }

    /**
     * Credentials that succeed on some routes go last, so a route that changes its chat (close, stop) does so after
     * the refusals were checked on the unchanged chat.
     */
    private static final List<Credential> ORDER = List.of(Credential.NONE, Credential.MALFORMED, Credential.EXPIRED,
            Credential.REVOKED_KEY, Credential.READ_ONLY_TOKEN, Credential.READ_WRITE_OTHER_CHAT,
            Credential.TASK_SCOPED_TOKEN, Credential.IDP_TOKEN, Credential.CONSOLE_VIEWER, Credential.OTHER_ENVIRONMENT,
            Credential.READ_WRITE_THIS_CHAT, Credential.SECRET_KEY, Credential.CONSOLE_ADMIN);

    private static final String CREATE = """
            {"type":"chat.agent","externalId":"{chat}","taskIdentifier":"demo",
             "triggerConfig":{"basePayload":{"messages":[],"trigger":"preload","chatId":"{chat}"}}}""";
    private static final String MESSAGE = """
            {"kind":"message","payload":{"chatId":"{chat}","trigger":"submit-message","message":{"id":"{fresh}","role":"user","parts":[{"type":"text","text":"hi"}]}}}""";
    private static final String AI_SDK_SEND = """
            {"id":"{chat}","trigger":"submit-message","messages":[{"id":"{fresh}","role":"user","parts":[{"type":"text","text":"hi"}]}]}""";

    /**
     * One request per route and the status each credential must get, in {@link Credential} order:
     * none, malformed, expired, other env, secret key, revoked key, read-only, rw other chat, rw this chat,
     * task-scoped, console viewer, console admin, IdP token. Placeholders: {chat} (externalId), {session} (friendly
     * id), {run}, {otherSlug}, {otherKey}, {fresh} (new each request). Routes marked own get a chat of their own.
     */
    private static final Map<String, Row> TABLE = table(
            // the Sessions API: the secret key everywhere, session tokens on their own session, admin actions secret-key only
            row("POST /api/v1/sessions", "/api/v1/sessions", true, CREATE,
                    "401 401 401 201 200 401 403 403 403 200 401 401 401"),
            row("GET /api/v1/sessions", "/api/v1/sessions", false, null,
                    "401 401 401 200 200 401 403 403 403 403 401 401 401"),
            row("GET /api/v1/sessions/{session}", "/api/v1/sessions/{chat}", false, null,
                    "401 401 401 404 200 401 200 403 200 403 401 401 401"),
            row("PATCH /api/v1/sessions/{session}", "/api/v1/sessions/{chat}", true, "{\"metadata\":{\"m\":1}}",
                    "401 401 401 404 200 401 403 403 403 403 401 401 401"),
            row("POST /api/v1/sessions/{session}/close", "/api/v1/sessions/{chat}/close", true, "{}",
                    "401 401 401 404 200 401 403 403 403 403 401 401 401"),
            row("POST /api/v1/sessions/{session}/end-and-continue", "/api/v1/sessions/{chat}/end-and-continue", true,
                    "{\"callingRunId\":\"{run}\",\"reason\":\"upgrade\"}",
                    "401 401 401 404 200 401 403 403 403 403 401 401 401"),
            // the chat store: read like the session, patched by its writers (a chat's own token for its own chat)
            row("GET /api/v1/sessions/{session}/store", "/api/v1/sessions/{chat}/store", false, null,
                    "401 401 401 404 200 401 200 403 200 403 401 401 401"),
            row("GET /api/v1/sessions/{session}/store/{slot}", "/api/v1/sessions/{chat}/store/cart", false, null,
                    "401 401 401 404 200 401 200 403 200 403 401 401 401"),
            row("PATCH /api/v1/sessions/{session}/store/{slot}", "/api/v1/sessions/{chat}/store/cart", false,
                    "[{\"op\":\"add\",\"path\":\"/n\",\"value\":1}]",
                    "401 401 401 404 200 401 403 403 200 403 401 401 401"),
            // deleted by the same writers: the first (this chat's token) deletes what the row above patched, so the
            // secret key after it finds the slot empty (404 slot_not_found, past the scope check that refuses the rest)
            row("DELETE /api/v1/sessions/{session}/store/{slot}", "/api/v1/sessions/{chat}/store/cart", false, null,
                    "401 401 401 404 404 401 403 403 204 403 401 401 401"),
            row("POST /api/v2/runs/{run}/cancel", "/api/v2/runs/{run}/cancel", true, null,
                    "401 401 401 404 200 401 403 403 403 403 401 401 401"),
            // token helpers for the customer's backend: secret key only
            row("POST /api/v1/auth/jwt/claims", "/api/v1/auth/jwt/claims", false, null,
                    "401 401 401 200 200 401 401 401 401 401 401 401 401"),
            row("POST /api/v1/auth/public-tokens", "/api/v1/auth/public-tokens", false, "{\"scopes\":[\"read:sessions:x\"]}",
                    "401 401 401 200 200 401 401 401 401 401 401 401 401"),
            row("POST /api/v1/auth/jwt", "/api/v1/auth/jwt", false, "{}",
                    "401 401 401 200 200 401 401 401 401 401 401 401 401"),
            // the channels: read for readers, .in appends for writers; another environment finds nothing
            row("POST /realtime/v1/sessions/{session}/{io}/append", "/realtime/v1/sessions/{chat}/in/append", true, MESSAGE,
                    "401 401 401 404 200 401 403 403 200 403 401 401 401"),
            row("GET /realtime/v1/sessions/{session}/{io}", "/realtime/v1/sessions/{chat}/out", false, null,
                    "401 401 401 200 200 401 200 403 200 403 401 401 401"),
            row("HEAD /realtime/v1/sessions/{session}/{io}", "/realtime/v1/sessions/{chat}/out", false, null,
                    "401 401 401 200 200 401 200 403 200 403 401 401 401"),
            row("GET /realtime/v1/sessions/{session}/{io}/records", "/realtime/v1/sessions/{chat}/out/records", false, null,
                    "401 401 401 200 200 401 200 403 200 403 401 401 401"),
            row("PUT /realtime/v1/sessions/{session}/{io}", "/realtime/v1/sessions/{chat}/out", false, "{}",
                    "401 401 401 404 501 401 403 403 501 403 401 401 401"),
            // the AI SDK's DefaultChatTransport endpoints: the same scopes as the channels
            row("POST /api/chat/{agent}", "/api/chat/demo", true, AI_SDK_SEND,
                    "401 401 401 200 200 401 403 403 200 403 401 401 401"),
            row("GET /api/chat/{agent}/{chat}/stream", "/api/chat/demo/{chat}/stream", false, null,
                    "401 401 401 204 204 401 204 403 204 403 401 401 401"),
            row("POST /api/chat/{agent}/{chat}/stop", "/api/chat/demo/{chat}/stop", true, null,
                    "401 401 401 404 200 401 403 403 200 403 401 401 401"),
            // public: the chat page (off in these tests) and the console's static files
            row("GET /", "/", false, null,
                    "200 200 200 200 200 200 200 200 200 200 200 200 200"),
            row("GET /chat-page/{file}", "/chat-page/app.css", false, null,
                    "200 200 200 200 200 200 200 200 200 200 200 200 200"),
            row("POST /chat-page/api/session", "/chat-page/api/session", false, "{}",
                    "404 404 404 404 404 404 404 404 404 404 404 404 404"),
            row("GET /console", "/console", false, null,
                    "303 303 303 303 303 303 303 303 303 303 303 303 303"),
            row("GET /console/{file}", "/console/index.html", false, null,
                    "200 200 200 200 200 200 200 200 200 200 200 200 200"),
            // console sign-in: the local form (an empty body is refused before anything is checked) and the IdP token
            row("POST /console/api/auth/login", "/console/api/auth/login", false, "{}",
                    "400 400 400 400 400 400 400 400 400 400 400 400 400"),
            row("POST /console/api/auth/sso", "/console/api/auth/sso", false, null,
                    "401 401 401 401 401 401 401 401 401 401 401 401 200"),
            // the browser sign-in with the IdP: what the login page offers, the redirect to the IdP, and its callback
            // (without a started sign-in it lands on the login page with an error, whatever the credential)
            row("GET /console/api/auth/oidc", "/console/api/auth/oidc", false, null,
                    "200 200 200 200 200 200 200 200 200 200 200 200 200"),
            row("GET /console/api/auth/oidc/start", "/console/api/auth/oidc/start", false, null,
                    "302 302 302 302 302 302 302 302 302 302 302 302 302"),
            row("GET /console/api/auth/oidc/callback", "/console/api/auth/oidc/callback?state=x&code=y", false, null,
                    "303 303 303 303 303 303 303 303 303 303 303 303 303"),
            // the console: a console session and its role; API credentials and IdP tokens grant nothing here
            row("POST /console/api/auth/logout", "/console/api/auth/logout", false, "{}",
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/auth/me", "/console/api/auth/me", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/metrics", "/console/api/metrics", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/audit", "/console/api/audit?action=KEY_REVOKE&limit=5", false, null,
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("GET /console/api/dead-runs", "/console/api/dead-runs", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("POST /console/api/dead-runs/{message}/requeue", "/console/api/dead-runs/ID:none/requeue", false, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 404 401"),
            row("GET /console/api/agents", "/console/api/agents", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/prompts", "/console/api/prompts", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("POST /console/api/prompts/{name}/{version}/override", "/console/api/prompts/no-such-prompt/1/override", false,
                    "{\"template\":\"x\"}", "401 401 401 401 401 401 401 401 401 401 403 404 401"),
            row("POST /console/api/prompts/{name}/{version}/revert", "/console/api/prompts/no-such-prompt/1/revert", false,
                    "{}", "401 401 401 401 401 401 401 401 401 401 403 404 401"),
            row("GET /console/api/environments", "/console/api/environments", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("POST /console/api/environments", "/console/api/environments", false, "{\"slug\":\"{fresh}\"}",
                    "401 401 401 401 401 401 401 401 401 401 403 201 401"),
            row("POST /console/api/environments/{slug}/keys", "/console/api/environments/{otherSlug}/keys", false, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 201 401"),
            row("POST /console/api/environments/{slug}/keys/{key}/revoke",
                    "/console/api/environments/{otherSlug}/keys/{otherKey}/revoke", false, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("GET /console/api/sessions", "/console/api/sessions?environment=default", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/sessions/{session}", "/console/api/sessions/{session}", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/sessions/{session}/records", "/console/api/sessions/{session}/records?io=out", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("GET /console/api/sessions/{session}/turns/{seq}", "/console/api/sessions/{session}/turns/999999", false, null,
                    "401 401 401 401 401 401 401 401 401 401 404 404 401"),
            row("GET /console/api/sessions/{session}/tail", "/console/api/sessions/{session}/tail", false, null,
                    "401 401 401 401 401 401 401 401 401 401 200 200 401"),
            row("POST /console/api/sessions/{session}/close", "/console/api/sessions/{session}/close", true, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("POST /console/api/sessions/{session}/stop", "/console/api/sessions/{session}/stop", true, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("POST /console/api/sessions/{session}/cancel-run", "/console/api/sessions/{session}/cancel-run", true, "{}",
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("POST /console/api/playground", "/console/api/playground", false, "{\"agent\":\"demo\"}",
                    "401 401 401 401 401 401 401 401 401 401 403 200 401"),
            row("POST /console/api/playground/{session}/in", "/console/api/playground/session_none/in", false,
                    "{\"kind\":\"stop\"}", "401 401 401 401 401 401 401 401 401 401 403 404 401"));

    /** HTTP/1.1: a stream closed after its status line ends its own connection, not a shared HTTP/2 one. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static StandInIdp idp;
    private static String environment;
    private static String adminCookie;
    private static String viewerCookie;
    private static String otherSlug;
    private static String otherSecret;
    private static String revokedSecret;
    private static String revocableKey;

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @BeforeAll
    static void credentials() {
        idp = StandInIdp.start();
        environment = json(send("POST", "/api/v1/auth/jwt/claims", null, "Authorization", bearer(KEY)).body()).getString("sub");
        adminCookie = Console.ssoCookie(idp.token("matrix-admin@corp", "parley-admin"));
        viewerCookie = Console.ssoCookie(idp.token("matrix-viewer@corp", "parley-viewer"));
        otherSlug = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        otherSecret = json(consolePost(adminCookie, "/console/api/environments", "{\"slug\":\"" + otherSlug + "\"}", 201))
                .getJsonObject("key").getString("secret");
        revocableKey = json(consolePost(adminCookie, "/console/api/environments/" + otherSlug + "/keys", "{}", 201)).getString("id");
        JsonObject revoked = json(consolePost(adminCookie, "/console/api/environments/default/keys", "{}", 201));
        revokedSecret = revoked.getString("secret");
        consolePost(adminCookie, "/console/api/environments/default/keys/" + revoked.getString("id") + "/revoke", "{}", 200);
    }

    @Test
    void everyDeployedRouteIsClassified() throws Exception {
        TreeSet<String> deployed = new TreeSet<>(DeployedRoutes.of(System.getProperty("parley.war")));
        assertTrue(deployed.size() > 30, "the WAR's routes were found: " + deployed);
        List<String> unclassified = deployed.stream().filter(r -> !TABLE.containsKey(r)).toList();
        List<String> stale = TABLE.keySet().stream().filter(r -> !deployed.contains(r)).toList();
        assertEquals(List.of(), unclassified, "routes without a row in AuthorizationMatrixIT.TABLE: add one");
        assertEquals(List.of(), stale, "rows of AuthorizationMatrixIT.TABLE whose route is gone");
    }

    @Test
    void everyRouteAnswersEveryCredentialAsTheTableSays() {
        Fixture shared = Fixture.create();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Row> e : TABLE.entrySet()) {
            Row row = e.getValue();
            Fixture fixture = row.ownChat() ? Fixture.create() : shared;
            Map<Credential, Integer> actual = new EnumMap<>(Credential.class);
            for (Credential c : ORDER) {
                actual.put(c, status(e.getKey().split(" ", 2)[0], row, fixture, c));
            }
            for (Credential c : Credential.values()) {
                if (!actual.get(c).equals(row.expected().get(c))) {
                    wrong.add(e.getKey() + " with " + c + ": expected " + row.expected().get(c) + ", got " + actual.get(c));
                }
            }
            if (!actual.equals(row.expected())) {
                wrong.add("  actual row of " + e.getKey() + ": \""
                        + String.join(" ", actual.values().stream().map(String::valueOf).toList()) + "\"");
            }
        }
        if (!wrong.isEmpty()) {
            fail("the authorization matrix differs from its table:\n" + String.join("\n", wrong));
        }
    }

    /** A chat of the demo agent and the tokens that name it. */
    private record Fixture(String chat, String session, String run, String otherChat) {

        static Fixture create() {
            String chat = uniqueChatId();
            JsonObject created = createChat(chat);
            String other = uniqueChatId();
            createChat(other);
            return new Fixture(chat, created.getString("id"), created.getString("runId"), other);
        }

        String fill(String text) {
            String filled = text.replace("{chat}", chat).replace("{session}", session).replace("{run}", run)
                    .replace("{otherSlug}", otherSlug).replace("{otherKey}", revocableKey);
            while (filled.contains("{fresh}")) {
                filled = filled.replaceFirst("\\{fresh}", "m-" + UUID.randomUUID().toString().substring(0, 12));
            }
            return filled;
        }

        String[] headers(Credential c, boolean consoleRoute) {
            long soon = System.currentTimeMillis() / 1000 + 600;
            String both = "[\"read:sessions:" + chat + "\",\"write:sessions:" + chat + "\"]";
            return switch (c) {
                case NONE -> new String[0];
                case MALFORMED -> new String[]{"Authorization", "Bearer not.a.token", "Cookie", "parley_console=not-a-session"};
                case EXPIRED -> auth(Jwts.sessionToken(KEY, environment, both, soon - 1200));
                case OTHER_ENVIRONMENT -> auth(otherSecret);
                case SECRET_KEY -> auth(KEY);
                case REVOKED_KEY -> auth(revokedSecret);
                case READ_ONLY_TOKEN -> auth(Jwts.sessionToken(KEY, environment, "[\"read:sessions:" + chat + "\"]", soon));
                case READ_WRITE_OTHER_CHAT -> auth(Jwts.sessionToken(KEY, environment,
                        "[\"read:sessions:" + otherChat + "\",\"write:sessions:" + otherChat + "\"]", soon));
                case READ_WRITE_THIS_CHAT -> auth(Jwts.sessionToken(KEY, environment, both, soon));
                case TASK_SCOPED_TOKEN -> auth(Jwts.sessionToken(KEY, environment, "[\"read:tasks:demo\",\"write:tasks:demo\"]", soon));
                // logout ends the session it is sent with, so every console request signs in afresh
                case CONSOLE_VIEWER -> new String[]{"Cookie", consoleRoute
                        ? Console.ssoCookie(idp.token("matrix-viewer@corp", "parley-viewer")) : viewerCookie};
                case CONSOLE_ADMIN -> new String[]{"Cookie", consoleRoute
                        ? Console.ssoCookie(idp.token("matrix-admin@corp", "parley-admin")) : adminCookie};
                case IDP_TOKEN -> auth(idp.token("matrix-idp@corp", "parley-admin"));
            };
        }

        private static String[] auth(String credential) {
            return new String[]{"Authorization", bearer(credential)};
        }
    }

    /** The status only: streams are closed as soon as their status line has arrived. */
    private static int status(String method, Row row, Fixture fixture, Credential c) {
        String path = fixture.fill(row.path());
        boolean console = path.startsWith("/console/api/");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Parley.URL + path)).timeout(Duration.ofSeconds(30))
                .method(method, row.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(fixture.fill(row.body())))
                .header("Timeout-Seconds", "1")
                // what a browser sends with the console's own requests
                .header("Origin", Parley.URL).header("Sec-Fetch-Site", "same-origin");
        if (row.body() != null) {
            b.header("Content-Type", "application/json");
        }
        if (console) {
            b.header("X-Parley-Console", "1"); // the console's own requests carry it (its CSRF check)
        }
        String[] headers = fixture.headers(c, console && !path.startsWith("/console/api/auth/sso"));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            return r.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " with " + c + " failed", e);
        }
    }

    private static String consolePost(String cookie, String path, String body, int expected) {
        HttpResponse<String> r = send("POST", path, body, "Cookie", cookie, "Content-Type", "application/json",
                "Origin", Parley.URL, "Sec-Fetch-Site", "same-origin");
        assertEquals(expected, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    private record Row(String path, boolean ownChat, String body, Map<Credential, Integer> expected) {
    }

    private static Map.Entry<String, Row> row(String route, String path, boolean ownChat, String body, String statuses) {
        String[] s = statuses.trim().split("\\s+");
        if (s.length != Credential.values().length) {
            throw new IllegalArgumentException(route + ": one status per credential kind");
        }
        Map<Credential, Integer> expected = new EnumMap<>(Credential.class);
        for (Credential c : Credential.values()) {
            expected.put(c, Integer.parseInt(s[c.ordinal()]));
        }
        return Map.entry(route, new Row(path, ownChat, body, expected));
    }

    @SafeVarargs
    private static Map<String, Row> table(Map.Entry<String, Row>... rows) {
        Map<String, Row> t = new LinkedHashMap<>();
        for (Map.Entry<String, Row> r : rows) {
            if (t.put(r.getKey(), r.getValue()) != null) {
                throw new IllegalArgumentException("two rows for " + r.getKey());
            }
        }
        return t;
    }
}
