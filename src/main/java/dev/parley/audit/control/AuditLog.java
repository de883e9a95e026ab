package dev.parley.audit.control;

import dev.parley.audit.entity.Actor;
import dev.parley.audit.entity.AuditAction;
import dev.parley.audit.entity.AuditEntry;
import dev.parley.audit.entity.Outcome;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The audit log (table {@code audit_entry}). The invariant it keeps: a done action and its row commit together.
 * {@link #done} joins the caller's transaction, so an action that rolls back leaves no row and no action commits
 * without one; {@link #refused} writes in a transaction of its own, because the refused action's transaction is
 * about to roll back. Refusals come from callers outside Parley's control (a wrong password, a viewer pressing a
 * button), so they pass {@link RefusalBudget} first and cannot grow the table without bound.
 */
@ApplicationScoped
public class AuditLog {

    private static final String COLUMNS = "id, at, actor_kind, actor, action, target, outcome, reason, detail::text";
    /** Deleting in slices keeps one sweep's transaction and locks short. */
    static final int TRIM_SLICE = 10_000;

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Inject
    RefusalBudget budget;

    /** Records a done action in the caller's transaction (or a new one if it has none). */
    @Transactional
    public void done(Actor actor, AuditAction action, String target, JsonObject detail) {
        insert(actor, action, target, Outcome.DONE, null, detail);
    }

    /**
     * Records a refused or failed action in a transaction of its own, unless the action's refusals are over budget;
     * the next refusal recorded then carries how many were left out ({@code suppressed} in its detail).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(Actor actor, AuditAction action, String target, Outcome outcome, String reason, JsonObject detail) {
        long suppressed = budget.take(action);
        if (suppressed < 0) {
            return;
        }
        JsonObject d = suppressed == 0 ? detail
                : Json.createObjectBuilder(detail).add("suppressed", suppressed).build();
        insert(actor, action, target, outcome, reason == null || reason.length() <= 512 ? reason : reason.substring(0, 512), d);
    }

    /**
     * One page, newest first: entries older than {@code before} (an id), or else newer than {@code after}, or else
     * the newest; optionally only one action and/or one actor. Reads {@code limit + 1} rows so the caller knows
     * whether there is another page.
     */
    @Transactional
    public List<AuditEntry> page(AuditAction action, String actor, Long before, Long after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_entry where true");
        List<Object> args = new ArrayList<>();
        if (action != null) {
            sql.append(" and action = ?");
            args.add(action.name());
        }
        if (actor != null) {
            sql.append(" and actor = ?");
            args.add(actor);
        }
        boolean forward = before == null && after != null;
        if (before != null) {
            sql.append(" and id < ?");
            args.add(before);
        } else if (after != null) {
            sql.append(" and id > ?");
            args.add(after);
        }
        // newer pages are read upwards from the cursor, then turned round
        sql.append(forward ? " order by id asc" : " order by id desc").append(" limit ?");
        args.add(limit + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> rows = read(ps);
            if (forward) {
                Collections.reverse(rows);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the audit log failed", e);
        }
    }

    /** Deletes up to one slice of entries recorded before {@code cutoff}; returns how many went. */
    @Transactional
    public int trimBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from audit_entry where id in (select id from audit_entry where at < ? order by at limit ?)")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, TRIM_SLICE);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("trimming the audit log failed", e);
        }
    }

    private void insert(Actor actor, AuditAction action, String target, Outcome outcome, String reason, JsonObject detail) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("insert into audit_entry"
                + " (actor_kind, actor, action, target, outcome, reason, detail) values (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, actor.kind().wire());
            ps.setString(2, actor.name());
            ps.setString(3, action.name());
            ps.setString(4, target == null || target.length() <= 256 ? target : target.substring(0, 256));
            ps.setString(5, outcome.wire());
            ps.setString(6, reason);
            ps.setString(7, detail.toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording " + action + " in the audit log failed", e);
        }
    }

    private static List<AuditEntry> read(PreparedStatement ps) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }
}
