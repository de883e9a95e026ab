package dev.parley.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates one request from a seed: a route of the deployed application with its path parameters filled by real
 * sessions or by hostile segments, any method, credentials from valid to forged, odd headers, and bodies from valid
 * to broken JSON, binary and deep nesting. The same seed and index always give the same request.
 */
final class FuzzRequests {

    record Request(String method, String target, List<String[]> headers, byte[] body) {
        String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder();
            headers.forEach(x -> h.append(x[0]).append(": ").append(x[1].length() > 80 ? x[1].substring(0, 80) + "…" : x[1]).append("; "));
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "…" : target) + " [" + h + "] " + b;
        }
    }

    /** A chat the fuzzer may address: its external id, friendly id and read+write token. */
    record Chat(String externalId, String friendlyId, String token) {
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)[^}]*}");
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    /** Issue 20 and the container's refusals: encoded dots and slashes, malformed escapes, path parameters. */
    private static final String[] HOSTILE_SEGMENTS = {"%2e%2e", "%2E", "..", ".", "%2f", "%2F..%2F", "%5c", "%ZZ", "%",
            "%4", "a%zz", ";jsessionid=x", "x;a=b", "%00", "%C0%AE", "%E2%80%AE", "%F0%9F%98%80", "%ff%fe", "session_",
            "session_%00", "%20", "+", "*", "~", "$", "%3Cscript%3E", "a'b", "%22%7D"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json; charset=utf-8",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
            "application/json; charset=latin1", "*/*", "", "garbage", "application/json;;;"};
    private static final String[] ACCEPTS = {"application/json", "text/event-stream", "*/*", "text/html", "image/png", "x/y;q=abc"};
    private static final String[] QUERY_NAMES = {"afterEventId", "filter", "filter[status]", "filter[tags]",
            "filter[createdAt][period]", "filter[createdAt][from]", "filter[createdAt][to]", "page[size]", "page[after]",
            "page[before]", "filter[search]", "timeout", "wait", "lastEventId", "x"};

    private final List<Routes.Route> routes;
    private final List<Chat> chats;
    private final String secretKey;
    private final long seed;

    FuzzRequests(long seed, List<Routes.Route> routes, List<Chat> chats, String secretKey) {
        this.seed = seed;
        this.routes = routes;
        this.chats = chats;
        this.secretKey = secretKey;
    }

    Request next(int index) {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        Routes.Route route = routes.get(r.nextInt(routes.size()));
        Chat chat = chats.get(r.nextInt(chats.size()));
        String method = r.nextInt(10) < 8 ? route.method() : METHODS[r.nextInt(METHODS.length)];
        String target = "/" + path(r, route.template(), chat) + query(r);
        List<String[]> headers = new ArrayList<>();
        String auth = authorization(r, chat);
        if (auth != null) {
            headers.add(new String[]{"Authorization", auth});
        }
        byte[] body = null;
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || r.nextInt(20) == 0) {
            body = route.template().equals("api/v1/sessions") && method.equals("POST") && r.nextBoolean()
                    ? FuzzBodies.validCreate(r) : FuzzBodies.body(r, chat);
            String type = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
            if (!type.isEmpty()) {
                headers.add(new String[]{"Content-Type", type});
            }
        }
        extraHeaders(r, headers);
        return new Request(method, target, headers, body);
    }

    private String path(SplittableRandom r, String template, Chat chat) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(parameter(r, m.group(1), chat)));
        }
        m.appendTail(out);
        String path = out.toString();
        return switch (r.nextInt(12)) {
            case 0 -> path + "/" + segment(r);
            case 1 -> path.replaceFirst("/", Matcher.quoteReplacement("/" + segment(r) + "/"));
            case 2 -> path + "/";
            case 3 -> path.replace("/", "//");
            case 4 -> path + "/%2e%2e/records";
            default -> path;
        };
    }

    private String parameter(SplittableRandom r, String name, Chat chat) {
        int pick = r.nextInt(10);
        return switch (name) {
            case "session", "chat" -> pick < 4 ? chat.externalId() : pick < 7 ? chat.friendlyId() : segment(r);
            case "io" -> pick < 4 ? "in" : pick < 8 ? "out" : segment(r);
            case "agent" -> pick < 6 ? "demo" : pick < 8 ? "demo-approval" : segment(r);
            case "slug" -> pick < 6 ? "default" : segment(r);
            default -> pick < 3 ? "x" : segment(r);
        };
    }

    static String segment(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> HOSTILE_SEGMENTS[r.nextInt(HOSTILE_SEGMENTS.length)];
            case 2 -> "chat-" + Long.toHexString(r.nextLong());
            case 3 -> "a".repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 40));
            case 4 -> percentEncoded(FuzzBodies.text(r, 12));
            default -> "session_" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
        };
    }

    private String query(SplittableRandom r) {
        if (r.nextInt(10) < 6) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append(r.nextInt(8) == 0 ? ";" : "&");
            }
            q.append(r.nextInt(6) == 0 ? segment(r) : QUERY_NAMES[r.nextInt(QUERY_NAMES.length)].replace("[", "%5B").replace("]", "%5D"));
            if (r.nextInt(8) != 0) {
                q.append('=').append(queryValue(r));
            }
        }
        return q.toString();
    }

    private static String queryValue(SplittableRandom r) {
        return switch (r.nextInt(7)) {
            case 0 -> Long.toString(r.nextLong());
            case 1 -> Integer.toString(r.nextInt(-5, 300));
            case 2 -> "bad%ZZ";
            case 3 -> segment(r);
            case 4 -> r.nextBoolean() ? "ACTIVE%2CCLOSED" : "1000000000w";
            case 5 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (r.nextLong() + ":" + Long.toHexString(r.nextLong())).getBytes(StandardCharsets.UTF_8));
            default -> percentEncoded(FuzzBodies.text(r, 20));
        };
    }

    private String authorization(SplittableRandom r, Chat chat) {
        return switch (r.nextInt(16)) {
            case 0, 1, 2, 3, 4, 5 -> "Bearer " + secretKey;
            case 6, 7, 8 -> "Bearer " + chat.token();
            case 9 -> null;
            case 10 -> "Bearer " + mutated(r, chat.token());
            case 11 -> "Bearer " + mutated(r, secretKey);
            case 12 -> "Bearer " + forgedJwt(r);
            case 13 -> r.nextBoolean() ? "Bearer" : "Basic " + Base64.getEncoder().encodeToString("admin:x".getBytes(StandardCharsets.UTF_8));
            case 14 -> "Bearer " + "tr_dev_" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
            default -> "Bearer " + FuzzBodies.text(r, 40).replaceAll("[\\r\\n\\x00-\\x1f\\x7f]", "x");
        };
    }

    private static String mutated(SplittableRandom r, String token) {
        char[] c = token.toCharArray();
        int at = r.nextInt(c.length);
        c[at] = (char) ('A' + r.nextInt(26));
        String s = new String(c);
        return switch (r.nextInt(4)) {
            case 0 -> s;
            case 1 -> s.substring(0, r.nextInt(s.length()));
            case 2 -> s + s;
            default -> s.replace('.', r.nextBoolean() ? '.' : '_') + ".";
        };
    }

    private static String forgedJwt(SplittableRandom r) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String[] headers = {"{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\"}", "{}", "[]", "x"};
        String[] claims = {"{\"sub\":\"env_x\",\"pub\":true,\"scopes\":[\"admin\"],\"exp\":9999999999}",
                "{\"sub\":null,\"pub\":true}", "{\"pub\":\"true\",\"scopes\":\"admin\"}", "{\"sub\":\"" + "x".repeat(500) + "\",\"pub\":true}",
                "{\"sub\":\"env_1\",\"pub\":true,\"scopes\":[1,null,{},\"read:sessions:\"]}", "null", "{\"exp\":\"soon\"}"};
        return b64.encodeToString(headers[r.nextInt(headers.length)].getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims[r.nextInt(claims.length)].getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(FuzzBodies.text(r, 32).getBytes(StandardCharsets.UTF_8));
    }

    private static void extraHeaders(SplittableRandom r, List<String[]> headers) {
        if (r.nextInt(3) == 0) {
            headers.add(new String[]{"Accept", ACCEPTS[r.nextInt(ACCEPTS.length)]});
        }
        if (r.nextInt(4) == 0) {
            String[] ids = {"0", "-1", "5", "99999999999999999999", "3,4", "abc", "", " 7 ", "1e3", Long.toString(r.nextLong())};
            headers.add(new String[]{"Last-Event-ID", ids[r.nextInt(ids.length)]});
        }
        if (r.nextInt(6) == 0) {
            headers.add(new String[]{"Origin", r.nextBoolean() ? "http://evil.example" : "null"});
        }
        if (r.nextInt(6) == 0) {
            headers.add(new String[]{"Cookie", "parley_console=" + Long.toHexString(r.nextLong()) + "; JSESSIONID=x"});
        }
        if (r.nextInt(8) == 0) {
            headers.add(new String[]{"X-" + Long.toHexString(r.nextLong()), FuzzBodies.text(r, 30).replaceAll("[\\r\\n\\x00-\\x1f\\x7f]", " ")});
        }
        if (r.nextInt(10) == 0) {
            headers.add(new String[]{"Content-Encoding", r.nextBoolean() ? "gzip" : "identity"});
        }
        if (r.nextInt(10) == 0) {
            headers.add(new String[]{"x-part-id", FuzzBodies.text(r, 20).replaceAll("[\\r\\n\\x00-\\x1f\\x7f]", "_")});
        }
    }

    static String percentEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
