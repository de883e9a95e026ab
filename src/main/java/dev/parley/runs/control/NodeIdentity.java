package dev.parley.runs.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Who this node is, as a lease owner. The node id is stable across restarts ({@code PARLEY_NODE_ID}, else generated
 * once into the data directory), so a restarted node knows which runs it held when it died and recovers them at once
 * instead of waiting for their leases. Each start adds a fresh incarnation, so runs taken since this start are never
 * mistaken for the dead incarnation's. Two nodes must never share a data directory or a configured id.
 */
@ApplicationScoped
public class NodeIdentity {

    private static final Logger LOG = Logger.getLogger(NodeIdentity.class.getName());

    @Inject
    @ConfigProperty(name = "parley.node.id")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "parley.data.dir", defaultValue = "parley-data")
    String dataDir;

    private String nodeId;
    private String owner;

    @PostConstruct
    void init() {
        nodeId = configured.map(String::trim).filter(s -> !s.isEmpty()).orElseGet(this::stored);
        if (nodeId.length() > 40 || nodeId.contains("/")) {
            throw new IllegalStateException("PARLEY_NODE_ID must be at most 40 characters, without '/': " + nodeId);
        }
        owner = nodeId + "/" + UUID.randomUUID().toString().substring(0, 13);
    }

    private String stored() {
        Path file = Path.of(dataDir, "node-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id);
            LOG.info("this node's id is " + id + " (kept in " + file.toAbsolutePath() + ")");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    /** The lease owner of runs taken since this start: {@code <node id>/<incarnation>}. */
    public String owner() {
        return owner;
    }

    /** Matches the lease owners of every incarnation of this node. */
    public String ownerPrefix() {
        return nodeId + "/";
    }
}
