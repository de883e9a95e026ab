package dev.parley.runs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The conversation after each turn (decision D11): UIMessage[] and the cursors it follows, one row per session. */
@ApplicationScoped
public class Snapshots {

    public record Snapshot(String messages, long lastOutSeq, long lastInSeq) {
    }

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Transactional // released at once when the caller has no transaction (see RecordReader)
    public Optional<Snapshot> load(String sessionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select messages, last_out_seq, last_in_seq from chat_snapshot where session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(rs.getString(1), rs.getLong(2), rs.getLong(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the snapshot of " + sessionId + " failed", e);
        }
    }

    @Transactional
    public void save(String sessionId, String messages, long lastOutSeq, long lastInSeq) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into chat_snapshot (session_id, messages, last_out_seq, last_in_seq, saved_at) values (?, ?, ?, ?, now())
                on conflict (session_id) do update set messages = excluded.messages, last_out_seq = excluded.last_out_seq,
                    last_in_seq = excluded.last_in_seq, saved_at = excluded.saved_at""")) {
            ps.setString(1, sessionId);
            ps.setString(2, messages);
            ps.setLong(3, lastOutSeq);
            ps.setLong(4, lastInSeq);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("saving the snapshot of " + sessionId + " failed", e);
        }
    }
}
