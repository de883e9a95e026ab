package dev.parley.runs.control;

import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.AgentRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The application version this node runs, recorded on every run it starts (docs/runs.md, "Versions"):
 * {@code PARLEY_APP_VERSION} when set, else a digest of the deployed agents' class files. The digest changes exactly
 * when an agent's code (or a class nested in it, such as its state type) changes, and not when the same code is
 * rebuilt or the server restarts, so a routine restart does not move every suspended chat to a new run.
 */
@ApplicationScoped
public class AppVersion {

    private static final Logger LOG = Logger.getLogger(AppVersion.class.getName());
    static final int MAX_LENGTH = 64;

    @Inject
    @ConfigProperty(name = "parley.app.version")
    Optional<String> configured;

    @Inject
    AgentRegistry registry;

    private String version;

    @PostConstruct
    void init() {
        Optional<String> set = configured.map(String::trim).filter(s -> !s.isEmpty());
        version = set.map(AppVersion::checked)
                .orElseGet(() -> digest(registry.all().stream().map(AgentDescriptor::type).toList()));
        LOG.info("application version " + version + (set.isPresent() ? " (PARLEY_APP_VERSION)" : " (agent classes)"));
    }

    /** Read at start, so a bad PARLEY_APP_VERSION stops the deployment instead of the first run. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        current();
    }

    public String current() {
        return version;
    }

    /** A configured version: what the audit shows, so printable and short. */
    static String checked(String v) {
        if (v.length() > MAX_LENGTH || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException("PARLEY_APP_VERSION must be 1 to " + MAX_LENGTH
                    + " printable ASCII characters: " + v.length() + " characters given");
        }
        return v;
    }

    /**
     * {@code agents-} and the first 12 hex digits of a SHA-256 over the class files of the agent types and the classes
     * nested in them, in name order (so the registry's order does not matter).
     */
    public static String digest(Collection<Class<?>> agentTypes) {
        TreeMap<String, Class<?>> classes = new TreeMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>(agentTypes);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (classes.putIfAbsent(c.getName(), c) == null) {
                todo.addAll(List.of(c.getDeclaredClasses()));
            }
        }
        MessageDigest sha = sha256();
        classes.values().forEach(c -> {
            sha.update(c.getName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(classFile(c));
        });
        return "agents-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static byte[] classFile(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in == null ? c.getName().getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
