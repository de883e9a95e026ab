package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads committed records of a channel, in seq order. Reads never see uncommitted records.
 * <p>
 * Reads run in a transaction of their own when the caller has none: outside one, Liberty keeps a shareable
 * connection bound to the calling thread's local transaction scope until the request or task ends, so a long turn
 * or a request waiting on a group commit would hold a pooled connection it no longer uses.
 */
@ApplicationScoped
@Transactional
public class RecordReader {

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /** Up to {@code limit} records with {@code fromSeq <= seq <= toSeq}. */
    public List<StreamRecord> range(String sessionId, Io io, long fromSeq, long toSeq, int limit) {
        return query("select seq, ts, headers, body from stream_record where session_id = ? and io = ? and seq >= ? and seq <= ? "
                + "order by seq limit ?", sessionId, io, fromSeq, toSeq, limit);
    }

    /** The newest {@code n} records, oldest first. */
    public List<StreamRecord> last(String sessionId, Io io, int n) {
        List<StreamRecord> r = query("select seq, ts, headers, body from stream_record where session_id = ? and io = ? "
                + "and seq >= ? and seq <= ? order by seq desc limit ?", sessionId, io, 0L, Long.MAX_VALUE, n);
        Collections.reverse(r);
        return r;
    }

    /** The newest {@code trigger-control} record of {@code subtype} at or before {@code atOrBefore}, or null. */
    public StreamRecord lastControl(String sessionId, Io io, String subtype, long atOrBefore) {
        if (!subtype.matches("[a-z-]+")) {
            throw new IllegalArgumentException("control subtype " + subtype);
        }
        List<StreamRecord> r = query("select seq, ts, headers, body from stream_record where session_id = ? and io = ? "
                + "and seq >= ? and seq <= ? and headers like '[[\"trigger-control\",\"" + subtype + "\"%' order by seq desc limit ?",
                sessionId, io, 0L, atOrBefore, 1);
        return r.isEmpty() ? null : r.get(0);
    }

    /** The seq the next appended record will get. */
    public long nextSeq(String sessionId, Io io) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select next_seq from stream_head where session_id = ? and io = ?")) {
            ps.setString(1, sessionId);
            ps.setString(2, io.wire());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the tail of " + sessionId + " failed", e);
        }
    }

    private List<StreamRecord> query(String sql, String sessionId, Io io, long from, long to, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sessionId);
            ps.setString(2, io.wire());
            ps.setLong(3, from);
            ps.setLong(4, to);
            ps.setInt(5, limit);
            List<StreamRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(StreamRecord.fromStore(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + sessionId + "/" + io.wire() + " failed", e);
        }
    }
}
