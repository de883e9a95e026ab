package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
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

    /** Rows the driver holds at once: a page is read as a stream, so a byte cap also caps the memory a read takes. */
    private static final int FETCH_SIZE = 32;

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    private long pageBytes = 8L << 20;

    @Inject
    void configure(@ConfigProperty(name = "parley.limits.page.bytes", defaultValue = "8388608") long pageBytes) {
        this.pageBytes = Math.max(1, pageBytes);
    }

    /** Up to {@code limit} records with {@code fromSeq <= seq <= toSeq}. */
    public List<StreamRecord> range(String sessionId, Io io, long fromSeq, long toSeq, int limit) {
        return query(RANGE, sessionId, io, fromSeq, toSeq, limit, Long.MAX_VALUE);
    }

    /**
     * Like {@link #range}, but also at most {@code parley.limits.page.bytes} of record text, so a page for a client
     * (records, SSE backlog) never holds thousands of megabyte records at once. Always at least one record, if any,
     * so paging makes progress; the caller asks again after the last seq returned.
     */
    public List<StreamRecord> page(String sessionId, Io io, long fromSeq, long toSeq, int limit) {
        return query(RANGE, sessionId, io, fromSeq, toSeq, limit, pageBytes);
    }

    private static final String RANGE = "select seq, ts, headers, body from stream_record where session_id = ? and io = ? "
            + "and seq >= ? and seq <= ? order by seq limit ?";

    /** What a record costs in memory and on the wire, near enough: its stored text. */
    static long sizeOf(StreamRecord r) {
        return (r.headers() == null ? 0 : r.headers().length()) + (r.body() == null ? 0 : r.body().length()) + 32L;
    }

    /** The newest {@code n} records, oldest first. */
    public List<StreamRecord> last(String sessionId, Io io, int n) {
        List<StreamRecord> r = query("select seq, ts, headers, body from stream_record where session_id = ? and io = ? "
                + "and seq >= ? and seq <= ? order by seq desc limit ?", sessionId, io, 0L, Long.MAX_VALUE, n, Long.MAX_VALUE);
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
                sessionId, io, 0L, atOrBefore, 1, Long.MAX_VALUE);
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

    private List<StreamRecord> query(String sql, String sessionId, Io io, long from, long to, int limit, long maxBytes) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setString(1, sessionId);
            ps.setString(2, io.wire());
            ps.setLong(3, from);
            ps.setLong(4, to);
            ps.setInt(5, limit);
            List<StreamRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                long bytes = 0;
                while (rs.next()) {
                    StreamRecord r = StreamRecord.fromStore(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                    bytes += sizeOf(r);
                    if (bytes > maxBytes && !out.isEmpty()) {
                        break;
                    }
                    out.add(r);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + sessionId + "/" + io.wire() + " failed", e);
        }
    }
}
