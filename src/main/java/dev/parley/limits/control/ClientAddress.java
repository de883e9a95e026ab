package dev.parley.limits.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a request comes from, for limits and the console's throttle and cookies. The socket's peer is the client unless
 * it is one of the configured trusted proxies ({@code PARLEY_TRUSTED_PROXIES}); only then are {@code X-Forwarded-For}
 * and {@code X-Forwarded-Proto} believed, because anyone can send those headers. Behind a proxy that is not
 * configured, every client shares the proxy's address — so the limits are per proxy, never spoofable.
 */
@ApplicationScoped
public class ClientAddress {

    private Set<String> trusted = Set.of();

    public ClientAddress() {
    }

    ClientAddress(String trustedProxies) {
        this.trusted = parse(trustedProxies);
    }

    @Inject
    void configure(@ConfigProperty(name = "parley.trusted-proxies") Optional<String> trustedProxies) {
        this.trusted = parse(trustedProxies.orElse(""));
    }

    /** The client's address: the nearest untrusted hop of {@code X-Forwarded-For} when the peer is a trusted proxy. */
    public String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For") == null ? null
                : String.join(",", java.util.Collections.list(request.getHeaders("X-Forwarded-For"))));
    }

    String of(String peer, String forwardedFor) {
        if (!trusted.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** Whether the client reached Parley over TLS: the socket, or a trusted proxy that says it terminated TLS. */
    public boolean secure(HttpServletRequest request) {
        return secure(request.isSecure(), request.getRemoteAddr(), request.getHeader("X-Forwarded-Proto"));
    }

    boolean secure(boolean socketTls, String peer, String forwardedProto) {
        if (socketTls) {
            return true;
        }
        if (!trusted.contains(peer) || forwardedProto == null) {
            return false;
        }
        String first = forwardedProto.split(",", 2)[0].trim();
        return first.equalsIgnoreCase("https");
    }

    private static Set<String> parse(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
