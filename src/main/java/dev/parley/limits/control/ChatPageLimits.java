package dev.parley.limits.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

/**
 * Whether the credential-less chat page may start chats here, and how many. The page hands a chat and its token to
 * anyone who asks, so it is refused on a server bound beyond loopback unless {@code PARLEY_CHAT_PAGE_FORCE} says the
 * exposure is intended; and its chat starts are limited per client address and in total, since no credential can be.
 */
@ApplicationScoped
public class ChatPageLimits {

    private static final Logger LOG = Logger.getLogger(ChatPageLimits.class.getName());

    @Inject
    @ConfigProperty(name = "parley.chat-page.enabled", defaultValue = "false")
    boolean configured;

    @Inject
    @ConfigProperty(name = "parley.chat-page.force", defaultValue = "false")
    boolean force;

    @Inject
    @ConfigProperty(name = "parley.http.host", defaultValue = "*")
    String host;

    @Inject
    @ConfigProperty(name = "parley.chat-page.limit.per-ip", defaultValue = "30")
    int perIp;

    @Inject
    @ConfigProperty(name = "parley.chat-page.limit.total", defaultValue = "600")
    int total;

    private boolean enabled;
    private RateLimiter byAddress;
    private RateLimiter overall;

    @PostConstruct
    void init() {
        enabled = configured && (force || loopback(host));
        byAddress = new RateLimiter(perIp, AbuseLimits.MAX_KEYS);
        overall = new RateLimiter(total, 1);
        if (configured && !enabled) {
            LOG.severe(() -> "The chat page stays OFF: PARLEY_CHAT_PAGE_ENABLED=true, but the server listens on \"" + host
                    + "\" (PARLEY_HTTP_HOST), beyond loopback, where anyone who reaches it could start chats without "
                    + "credentials. Bind to 127.0.0.1, or set PARLEY_CHAT_PAGE_FORCE=true if that exposure is intended.");
        }
    }

    void atStartup(@Observes Startup event) {
        // decides (and says why the page is off) when the server starts, not at the first visitor
    }

    public boolean enabled() {
        return enabled;
    }

    /** Takes one chat start for {@code address}: throws 429 when it or the whole page is over its limit. */
    public void admit(String address) {
        long wait = byAddress.take(address);
        if (wait > 0) {
            throw AbuseLimits.tooMany("chat page chats from this address (" + perIp + " a minute)", wait);
        }
        wait = overall.take("page");
        if (wait > 0) {
            throw AbuseLimits.tooMany("chat page chats on this server (" + total + " a minute)", wait);
        }
    }

    static boolean loopback(String host) {
        String h = host == null ? "" : host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || h.equals("*") || h.equals("0.0.0.0") || h.equals("::")) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
