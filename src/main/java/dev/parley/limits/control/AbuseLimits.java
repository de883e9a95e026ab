package dev.parley.limits.control;

import dev.parley.platform.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The per-address and per-credential limits of the public API (docs/security.md, "Limits"): session creates and appends
 * a minute, open SSE streams at once. A request over a limit is answered 429 with {@code Retry-After}, before it costs
 * a database write. Per node and in memory, like the sign-in throttle: N nodes admit N times the limit.
 */
@ApplicationScoped
public class AbuseLimits {

    /** Distinct addresses or credentials tracked per limit; the least recently seen are forgotten first. */
    static final int MAX_KEYS = 100_000;

    @Inject
    @ConfigProperty(name = "parley.limits.creates.per-ip", defaultValue = "3000")
    int createsPerIp;

    @Inject
    @ConfigProperty(name = "parley.limits.creates.per-credential", defaultValue = "3000")
    int createsPerCredential;

    @Inject
    @ConfigProperty(name = "parley.limits.appends.per-ip", defaultValue = "600000")
    int appendsPerIp;

    @Inject
    @ConfigProperty(name = "parley.limits.appends.per-credential", defaultValue = "600000")
    int appendsPerCredential;

    @Inject
    @ConfigProperty(name = "parley.limits.streams.per-ip", defaultValue = "10000")
    int streamsPerIp;

    @Inject
    @ConfigProperty(name = "parley.limits.streams.per-credential", defaultValue = "10000")
    int streamsPerCredential;

    private RateLimiter createsByIp;
    private RateLimiter createsByCredential;
    private RateLimiter appendsByIp;
    private RateLimiter appendsByCredential;
    private StreamSlots streamsByIp;
    private StreamSlots streamsByCredential;

    @PostConstruct
    void init() {
        createsByIp = new RateLimiter(createsPerIp, MAX_KEYS);
        createsByCredential = new RateLimiter(createsPerCredential, MAX_KEYS);
        appendsByIp = new RateLimiter(appendsPerIp, MAX_KEYS);
        appendsByCredential = new RateLimiter(appendsPerCredential, MAX_KEYS);
        streamsByIp = new StreamSlots(streamsPerIp, MAX_KEYS);
        streamsByCredential = new StreamSlots(streamsPerCredential, MAX_KEYS);
    }

    public void admitCreate(String address, String authorization) {
        admit(createsByIp.take(address), "session creates from this address");
        admit(createsByCredential.take(credentialKey(authorization)), "session creates with this credential");
    }

    public void admitAppend(String address, String authorization) {
        admit(appendsByIp.take(address), "appends from this address");
        admit(appendsByCredential.take(credentialKey(authorization)), "appends with this credential");
    }

    /** Holds a stream slot for the address and the credential until {@code closed} reports the stream closed. */
    public void admitStream(String address, String authorization, BooleanSupplier closed) {
        if (!streamsByIp.tryAcquire(address, closed)) {
            throw tooMany("open streams from this address (at most " + streamsPerIp + ")", 5);
        }
        if (!streamsByCredential.tryAcquire(credentialKey(authorization), closed)) {
            throw tooMany("open streams with this credential (at most " + streamsPerCredential + ")", 5);
        }
    }

    private static void admit(long retryAfterSeconds, String what) {
        if (retryAfterSeconds > 0) {
            throw tooMany(what, retryAfterSeconds);
        }
    }

    /** 429 in the documented error shape; the SDK's HTTP client honours {@code Retry-After}. */
    public static ApiException tooMany(String what, long retryAfterSeconds) {
        return new ApiException(429, Json.createObjectBuilder()
                .add("error", "Too many requests: " + what + "; retry after " + retryAfterSeconds + " s")
                .add("code", "rate_limited").build(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** Credentials are keyed by a digest, so the limiter's memory never holds a usable secret. */
    static String credentialKey(String authorization) {
        if (authorization == null) {
            return "-";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(authorization.trim().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
