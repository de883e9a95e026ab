package dev.parley.it;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Signing in to the console over HTTP: the cookie a browser would keep, and requests that carry it. */
final class Console {

    static final String ADMIN = "admin";
    static final String PASSWORD = System.getProperty("parley.console.password");

    private Console() {
    }

    static HttpResponse<String> login(String user, String password) {
        return Parley.send("POST", "/console/api/auth/login", """
                {"username":"%s","password":"%s"}""".formatted(user, password), "Content-Type", "application/json");
    }

    /** The {@code name=value} of the console cookie set by a successful sign-in. */
    static String cookieOf(HttpResponse<String> signIn) {
        assertEquals(200, signIn.statusCode(), signIn.body());
        String set = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("parley_console="))
                .findFirst().orElseThrow(() -> new AssertionError("no console cookie: " + signIn.headers().map()));
        return set.substring(0, set.indexOf(';'));
    }

    static String adminCookie() {
        return cookieOf(login(ADMIN, PASSWORD));
    }

    static String ssoCookie(String idpToken) {
        return cookieOf(sso(idpToken));
    }

    static HttpResponse<String> sso(String idpToken) {
        return Parley.send("POST", "/console/api/auth/sso", null, "Authorization", Parley.bearer(idpToken));
    }

    static HttpResponse<String> get(String cookie, String path) {
        return Parley.send("GET", path, null, "Cookie", cookie);
    }

    static HttpResponse<String> post(String cookie, String path, String body) {
        return Parley.send("POST", path, body, "Cookie", cookie, "Content-Type", "application/json");
    }
}
