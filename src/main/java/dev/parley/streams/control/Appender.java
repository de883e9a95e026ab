package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends records to a channel. Invariants (ARCHITECTURE §3): seqs come from the locked {@code stream_head} row
 * inside the inserting transaction, so they are gap-free and commit in order; a record becomes visible — to the
 * database, to this node's live subscribers, and (through one NOTIFY per flush) to other nodes — only after its
 * transaction commits. Several records are written with one multi-row insert.
 */
@ApplicationScoped
public class Appender {

    public static final String NOTIFY_CHANNEL = "parley_streams";

    /** Tags this node's notifications so its own listener skips them: local subscribers already have the records. */
    static final String NODE_ID = java.util.UUID.randomUUID().toString();

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    TailHub hub;

    /** Appends in the caller's transaction (or a new one); returns the committed-to-be records. */
    @Transactional
    public List<StreamRecord> append(String sessionId, Io io, List<NewRecord> records) {
        return append(sessionId, io, records, null);
    }

    /**
     * As {@link #append(String, Io, List)}, claiming {@code partId} first: if the part was already claimed within the
     * idempotency window nothing is written and null is returned.
     */
    @Transactional
    public List<StreamRecord> append(String sessionId, Io io, List<NewRecord> records, String partId) {
        if (records.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            if (partId != null && !claim(c, sessionId, io, partId)) {
                return null;
            }
            long first = reserve(c, sessionId, io, records.size());
            long now = System.currentTimeMillis();
            List<StreamRecord> written = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                NewRecord r = records.get(i);
                written.add(new StreamRecord(first + i, now, r.headers(), r.body()));
            }
            insert(c, sessionId, io, written);
            notifyNodes(c, sessionId, io, first + records.size() - 1);
            publishAfterCommit(sessionId, io, written);
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException("append to " + sessionId + "/" + io.wire() + " failed", e);
        }
    }

    /** Writes the {@code trim} command record and schedules the deletion of records below {@code target} (D10). */
    @Transactional
    public StreamRecord trim(String sessionId, Io io, long target) {
        StreamRecord r = append(sessionId, io, List.of(NewRecord.trim(target))).get(0);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into stream_trim (session_id, io, target_seq) values (?, ?, ?) on conflict do nothing")) {
            ps.setString(1, sessionId);
            ps.setString(2, io.wire());
            ps.setLong(3, target);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("trim of " + sessionId + " failed", e);
        }
        return r;
    }

    private static boolean claim(Connection c, String sessionId, Io io, String partId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into append_claim (session_id, io, part_id) values (?, ?, ?) on conflict do nothing")) {
            ps.setString(1, sessionId);
            ps.setString(2, io.wire());
            ps.setString(3, partId);
            return ps.executeUpdate() == 1;
        }
    }

    private static long reserve(Connection c, String sessionId, Io io, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update stream_head set next_seq = next_seq + ? where session_id = ? and io = ? returning next_seq")) {
            ps.setInt(1, n);
            ps.setString(2, sessionId);
            ps.setString(3, io.wire());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no channel " + io.wire() + " for session " + sessionId);
                }
                return rs.getLong(1) - n;
            }
        }
    }

    private static void insert(Connection c, String sessionId, Io io, List<StreamRecord> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("insert into stream_record (session_id, io, seq, ts, headers, body) values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (StreamRecord r : rows) {
                ps.setString(p++, sessionId);
                ps.setString(p++, io.wire());
                ps.setLong(p++, r.seq());
                ps.setLong(p++, r.timestamp());
                setText(ps, p++, r.headers());
                setText(ps, p++, r.storedBody());
            }
            ps.executeUpdate();
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /** NOTIFY is transactional in PostgreSQL: other nodes hear of the records only when they are committed. */
    private static void notifyNodes(Connection c, String sessionId, Io io, long lastSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, NOTIFY_CHANNEL);
            ps.setString(2, NODE_ID + " " + sessionId + " " + io.wire() + " " + lastSeq);
            ps.execute();
        }
    }

    private void publishAfterCommit(String sessionId, Io io, List<StreamRecord> written) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    hub.publish(sessionId, io, written);
                }
            }
        });
    }
}
