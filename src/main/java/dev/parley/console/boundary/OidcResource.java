package dev.parley.console.boundary;

import dev.parley.console.control.OidcProvider;
import dev.parley.console.control.OidcRefusal;
import dev.parley.console.control.OidcSignIns;
import dev.parley.console.control.OidcTokens;
import dev.parley.console.entity.OidcSignInStart;
import dev.parley.limits.control.ClientAddress;
import dev.parley.platform.ApiException;
import dev.parley.platform.Ids;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.regex.Pattern;

/**
 * The console's browser sign-in with the IdP (OpenID Connect authorization code flow with PKCE). The start route binds
 * a pending sign-in to the browser with an HttpOnly cookie ({@code SameSite=Lax}: the callback is a top-level
 * navigation from the IdP's site) and sends the browser to the IdP; the callback ends at a console page either way,
 * signed in or with {@code ?signin_error=<reason>}. Both are GETs that change nothing a third party could aim: the
 * redirect URI is fixed, and the only place to land is a console path.
 */
@Path("console/api/auth/oidc")
@RequestScoped
public class OidcResource {

    static final String BROWSER_COOKIE = "parley_oidc";
    private static final String PATH = "/console/api/auth/oidc";
    private static final Pattern RETURN_TO = Pattern.compile("/console/[A-Za-z0-9/#?&=_.~-]{0,200}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    @Inject
    OidcProvider provider;

    @Inject
    OidcTokens tokens;

    @Inject
    OidcSignIns pending;

    @Inject
    OidcSignIn signIn;

    @Inject
    ConsoleCookies cookies;

    @Inject
    ClientAddress clients;

    @Context
    HttpServletRequest request;

    @Context
    jakarta.ws.rs.core.UriInfo uri;

    /** What the login page offers: the IdP's button, or nothing. */
    @GET
    @SignIn
    @Produces(MediaType.APPLICATION_JSON)
    public String offered() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("enabled", provider.enabled());
        if (provider.enabled()) {
            b.add("name", provider.displayName()).add("start", PATH + "/start");
        }
        return b.build().toString();
    }

    @GET
    @Path("start")
    @SignIn
    public Response start(@QueryParam("return") String returnTo) {
        try {
            String redirectUri = provider.configuredRedirectUri().orElseGet(this::derivedRedirectUri);
            String state = Ids.random(43);
            String browser = Ids.random(43);
            OidcSignInStart start = OidcTokens.start(redirectUri, landing(returnTo));
            java.net.URI authorization = tokens.authorization(state, start);
            pending.remember(state, browser, start);
            return Response.status(302).header("Location", authorization.toString())
                    .header("Set-Cookie", browserCookie(browser, OidcSignIns.LIFETIME.toSeconds()))
                    .header("Cache-Control", "no-store").build();
        } catch (OidcRefusal r) {
            return toLogin(r.reason());
        }
    }

    @GET
    @Path("callback")
    @SignIn
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error, @CookieParam(BROWSER_COOKIE) String browser) {
        try {
            OidcSignIn.Done done = signIn.complete(capped(state, 128), capped(code, 4096), error != null,
                    capped(browser, 128));
            return Response.status(303).header("Location", request.getContextPath() + done.returnTo())
                    .header("Set-Cookie", cookies.session(done.token(), done.until(), request))
                    .header("Set-Cookie", browserCookie("", 0))
                    .header("Cache-Control", "no-store").build();
        } catch (ApiException e) {
            return toLogin(e.body().getString("code", "failed"));
        }
    }

    private Response toLogin(String reason) {
        return Response.status(303).header("Location", request.getContextPath() + "/console/?signin_error=" + reason)
                .header("Set-Cookie", browserCookie("", 0)).header("Cache-Control", "no-store").build();
    }

    /** This server's callback as the browser reached it; the IdP refuses any URI not registered for the client. */
    private String derivedRedirectUri() {
        // HTTP/2 has no Host header (its :authority becomes the request URI's)
        String host = request.getHeader("Host") != null ? request.getHeader("Host") : uri.getRequestUri().getRawAuthority();
        if (host == null || !HOST.matcher(host).matches()) {
            throw new OidcRefusal("idp", "No usable Host header to derive the redirect URI from; set PARLEY_OIDC_REDIRECT_URI");
        }
        return (clients.secure(request) ? "https" : "http") + "://" + host + request.getContextPath() + PATH + "/callback";
    }

    /** A console path of this server; anything else (another host, a scheme, {@code //}, {@code ..}) lands on the console. */
    static String landing(String returnTo) {
        if (returnTo == null || !RETURN_TO.matcher(returnTo).matches() || returnTo.contains("//") || returnTo.contains("..")) {
            return "/console/";
        }
        return returnTo;
    }

    private String browserCookie(String value, long maxAge) {
        return BROWSER_COOKIE + "=" + value + "; Path=" + PATH + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (cookies.secure(request) ? "; Secure" : "");
    }

    private static String capped(String value, int max) {
        return value == null || value.isEmpty() || value.length() > max ? null : value;
    }
}
