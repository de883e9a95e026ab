package dev.parley.streams.control;

import dev.parley.platform.ApiException;
import dev.parley.platform.JsonValues;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The storage quota of one session ({@code PARLEY_LIMITS_SESSION_BYTES}): the records of both channels, as PostgreSQL
 * stores them. A client append to a full session is refused with 409 {@code session_quota_exceeded} and
 * {@code x-should-retry: false} — retrying cannot help, starting a new chat (or trimming by ending turns) does.
 * Measured before the append, so one append may overshoot by at most one record.
 * <p>
 * The measurement runs in a transaction of its own: the append path calls it outside one, and a connection used there
 * stays with the request until it ends (see {@code RecordReader}), so a thousand appends at once each held one while
 * waiting for a second in the append's transaction, and the pool deadlocked.
 */
@ApplicationScoped
@Transactional
public class SessionQuota {

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "parley.limits.session.bytes", defaultValue = "268435456")
    long maxBytes;

    public void check(String sessionId) {
        if (maxBytes <= 0) {
            return;
        }
        long used = storedBytes(sessionId);
        if (used >= maxBytes) {
            throw ApiException.of(409, JsonValues.PROVIDER.createObjectBuilder()
                    .add("ok", false)
                    .add("error", "This session stores " + used + " bytes, at or over its quota of " + maxBytes
                            + " bytes; start a new chat")
                    .add("code", "session_quota_exceeded")).noRetry();
        }
    }

    long storedBytes(String sessionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(sum(coalesce(pg_column_size(body), 0) + coalesce(pg_column_size(headers), 0)), 0) "
                        + "from stream_record where session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("measuring the storage of " + sessionId + " failed", e);
        }
    }
}
