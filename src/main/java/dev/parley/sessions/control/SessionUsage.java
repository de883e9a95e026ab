package dev.parley.sessions.control;

import dev.parley.agent.model.Usage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The tokens a session's turns spent: the total across its runs and its latest turn's. A turn adds to them inside the
 * transaction of its turn-complete, with the session row locked, so a turn is counted exactly once and two runs of
 * one session (a continuation starting as the previous run ends) cannot lose each other's counts.
 */
@ApplicationScoped
public class SessionUsage {

    /** The session's usage after a turn, and the turn's before it. */
    public record Totals(Usage previousTurn, Usage total) {
        public static final Totals NONE = new Totals(Usage.ZERO, Usage.ZERO);
    }

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /** Adds a finished turn; joins the turn-complete's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Totals addTurn(String sessionId, Usage turn) {
        try (Connection c = dataSource.getConnection()) {
            Totals before = read(c, sessionId, true);
            Usage total = before.total().plus(turn);
            try (PreparedStatement ps = c.prepareStatement(
                    "update session set total_usage = cast(? as jsonb), last_turn_usage = cast(? as jsonb) where id = ?")) {
                ps.setString(1, toJson(total));
                ps.setString(2, toJson(turn));
                ps.setString(3, sessionId);
                ps.executeUpdate();
            }
            return new Totals(before.previousTurn(), total);
        } catch (SQLException e) {
            throw new IllegalStateException("counting the usage of a turn of " + sessionId + " failed", e);
        }
    }

    /**
     * A compaction of the session's history (between turns or on request): its summary call's tokens join the
     * total, and {@code record} (why, sizes before and after) replaces the session's last compaction. Joins the
     * transaction of the turn-complete that stores the compacted history.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addCompaction(String sessionId, JsonObject record, Usage summary) {
        try (Connection c = dataSource.getConnection()) {
            Usage total = read(c, sessionId, true).total().plus(summary);
            try (PreparedStatement ps = c.prepareStatement(
                    "update session set total_usage = cast(? as jsonb), last_compaction = cast(? as jsonb) where id = ?")) {
                ps.setString(1, toJson(total));
                ps.setString(2, record.toString());
                ps.setString(3, sessionId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording a compaction of " + sessionId + " failed", e);
        }
    }

    /** The session's latest compaction as recorded by {@link #addCompaction}, or null if it has had none. */
    @Transactional
    public JsonObject lastCompaction(String sessionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select last_compaction::text from session where id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                try (JsonReader r = Json.createReader(new StringReader(rs.getString(1)))) {
                    return r.readObject();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the last compaction of " + sessionId + " failed", e);
        }
    }

    /** The session's total and latest turn, as stored. */
    @Transactional
    public Totals of(String sessionId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, sessionId, false);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the usage of " + sessionId + " failed", e);
        }
    }

    private static Totals read(Connection c, String sessionId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select last_turn_usage::text, total_usage::text from session where id = ?"
                + (lock ? " for update" : ""))) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Totals(fromJson(rs.getString(1)), fromJson(rs.getString(2))) : Totals.NONE;
            }
        }
    }

    public static JsonObject json(Usage u) {
        return Json.createObjectBuilder().add("inputTokens", u.inputTokens()).add("outputTokens", u.outputTokens())
                .add("cacheReadTokens", u.cacheReadTokens()).add("cacheWriteTokens", u.cacheWriteTokens())
                .add("reasoningTokens", u.reasoningTokens()).build();
    }

    private static String toJson(Usage u) {
        return json(u).toString();
    }

    private static Usage fromJson(String json) {
        if (json == null) {
            return Usage.ZERO;
        }
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            return new Usage(o.getJsonNumber("inputTokens").longValue(), o.getJsonNumber("outputTokens").longValue(),
                    o.getJsonNumber("cacheReadTokens").longValue(), o.getJsonNumber("cacheWriteTokens").longValue(),
                    o.getJsonNumber("reasoningTokens").longValue());
        }
    }
}
