package dev.parley.runs.control;

import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.RunReason;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * State transitions of run rows. Every transition is a compare-and-set on the current status (and, for an executing
 * run, on the lease owner), so a run is executed by at most one node at a time and a late or duplicate message,
 * timer or reaper pass changes nothing.
 */
@ApplicationScoped
public class RunRows {

    @jakarta.inject.Inject
    RunPeriods periods;

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /**
     * PENDING or SUSPENDED → BOOTING, leased to {@code node}; empty if someone else has it or it has ended. A PENDING
     * run records {@code appVersion} as the version that started it; a SUSPENDED one keeps its own.
     */
    @Transactional
    public Optional<RunRow> take(String runId, String node, String appVersion) {
        String sql = """
                with prior as (select id, status from session_run where id = ? and status in ('PENDING', 'SUSPENDED') for update)
                update session_run r set status = 'BOOTING', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                       started_at = coalesce(r.started_at, now()), suspend_deadline = null, updated_at = now(),
                       app_version = case when prior.status = 'PENDING' then ? else r.app_version end
                from prior, session s
                where r.id = prior.id and s.id = r.session_id
                returning r.id, r.friendly_id, r.session_id, s.friendly_id, coalesce(s.external_id, s.friendly_id),
                          s.environment_id, s.task_identifier, r.reason, r.continuation, r.payload,
                          (select max(x.in_cursor) from session_run x where x.session_id = r.session_id),
                          r.turn_complete_seq, r.turns, r.state, prior.status = 'SUSPENDED', r.executed_ms,
                          r.app_version""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            ps.setString(2, node);
            ps.setInt(3, periods.leaseSeconds());
            ps.setString(4, appVersion);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long tc = rs.getLong(12);
                Long turnComplete = rs.wasNull() ? null : tc;
                return Optional.of(new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), RunReason.valueOf(rs.getString(8)), rs.getBoolean(9),
                        rs.getString(10), rs.getLong(11), turnComplete, rs.getInt(13), rs.getString(14), rs.getBoolean(15),
                        rs.getLong(16), rs.getString(17)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("taking run " + runId + " failed", e);
        }
    }

    /** An executing run moves between BOOTING, STREAMING and WAITING; false if this node no longer holds it. */
    @Transactional
    public boolean status(String runId, String node, String status) {
        return update("update session_run set status = ?, updated_at = now() where id = ? and lease_owner = ? "
                + "and status in ('BOOTING', 'STREAMING', 'WAITING')", status, runId, node) == 1;
    }

    /**
     * Whether {@code node} still holds the run's lease, and locks the run's row until the transaction ends (a takeover
     * waits for it).
     */
    @Transactional
    public boolean lockHeld(String runId, String node) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select 1 from session_run where id = ? and lease_owner = ? and status in ('BOOTING', 'STREAMING', 'WAITING') for update")) {
            ps.setString(1, runId);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("locking run " + runId + " failed", e);
        }
    }

    /** Records what a completed turn consumed; called in the transaction that writes its turn-complete. */
    @Transactional
    public boolean turnCompleted(String runId, String node, long inCursor, Long turnCompleteSeq, boolean countTurn, String state,
                                 long executedMs) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update session_run set in_cursor = greatest(in_cursor, ?), turn_complete_seq = coalesce(?, turn_complete_seq), "
                        + "turns = turns + ?, state = ?, executed_ms = executed_ms + ?, updated_at = now() where id = ? and lease_owner = ? "
                        + "and status in ('BOOTING', 'STREAMING', 'WAITING')")) {
            ps.setLong(1, inCursor);
            if (turnCompleteSeq == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, turnCompleteSeq);
            }
            ps.setInt(3, countTurn ? 1 : 0);
            ps.setString(4, state);
            ps.setLong(5, executedMs);
            ps.setString(6, runId);
            ps.setString(7, node);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("recording a turn of run " + runId + " failed", e);
        }
    }

    /** WAITING → SUSPENDED: the lease is released and the state kept; the run ends if idle past {@code deadlineSeconds}. */
    @Transactional
    public boolean suspend(String runId, String node, String state, long deadlineSeconds) {
        return update("update session_run set status = 'SUSPENDED', lease_owner = null, lease_until = null, state = ?, "
                + "suspend_deadline = now() + make_interval(secs => ?), updated_at = now() "
                + "where id = ? and lease_owner = ? and status = 'WAITING'", state, (double) deadlineSeconds, runId, node) == 1;
    }

    /** An executing run ends (COMPLETED, FAILED, CANCELED, TIMED_OUT). */
    @Transactional
    public boolean end(String runId, String node, String status, String reason) {
        return update("update session_run set status = ?, end_reason = ?, ended_at = now(), lease_owner = null, "
                + "lease_until = null, updated_at = now() where id = ? and lease_owner = ? "
                + "and status in ('BOOTING', 'STREAMING', 'WAITING')", status, reason, runId, node) == 1;
    }

    /** A run whose lease ran out (its node died or stalled) becomes CRASHED; false if it renewed meanwhile. */
    @Transactional
    public boolean crashIfExpired(String runId) {
        return update("update session_run set status = 'CRASHED', end_reason = 'lease expired', ended_at = now(), "
                + "lease_owner = null, lease_until = null, updated_at = now() where id = ? "
                + "and status in ('BOOTING', 'STREAMING', 'WAITING') and lease_until < now()", runId) == 1;
    }

    /**
     * At start: the runs an earlier incarnation of this node held ({@code ownerPrefix}, any owner but {@code self})
     * become CRASHED at once — their node is known dead, there is no lease to wait for. Returns their ids.
     */
    @Transactional
    public List<String> crashEarlierIncarnations(String ownerPrefix, String self) {
        String sql = "update session_run set status = 'CRASHED', end_reason = 'node restarted', ended_at = now(), "
                + "lease_owner = null, lease_until = null, updated_at = now() where status in ('BOOTING', 'STREAMING', 'WAITING') "
                + "and lease_owner like ? and lease_owner <> ? returning id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ownerPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            ps.setString(2, self);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("recovering this node's runs failed", e);
        }
    }

    /**
     * How many runs of the session crashed in a row before {@code runId}: the newest runs back to the first that did
     * not crash, stopping after a crashed run that had completed turns (it made progress; its crash is the first on
     * the input that is now unanswered).
     */
    @Transactional
    public int crashesInARow(String sessionId, String runId) {
        String sql = "select status, turns from session_run where session_id = ? and id <> ? order by triggered_at desc limit 20";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sessionId);
            ps.setString(2, runId);
            int crashes = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && "CRASHED".equals(rs.getString(1))) {
                    crashes++;
                    if (rs.getInt(2) > 0) {
                        break;
                    }
                }
            }
            return crashes;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the runs of session " + sessionId + " failed", e);
        }
    }

    /** A suspended run nobody resumed before its deadline ends. */
    @Transactional
    public boolean endIfSuspendedTooLong(String runId) {
        return update("update session_run set status = 'COMPLETED', end_reason = 'suspended timeout', ended_at = now(), "
                + "suspend_deadline = null, updated_at = now() where id = ? and status = 'SUSPENDED' "
                + "and suspend_deadline < now()", runId) == 1;
    }

    /** Extends the leases of the runs this node executes. */
    @Transactional
    public int renew(String node, List<String> runIds) {
        if (runIds.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update session_run set lease_until = now() + make_interval(secs => ?) where lease_owner = ? and id = any(?)")) {
            ps.setInt(1, periods.leaseSeconds());
            ps.setString(2, node);
            ps.setArray(3, c.createArrayOf("varchar", runIds.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("renewing leases failed", e);
        }
    }

    /**
     * Runs that need the reaper: [id, status] of expired leases, overdue suspensions and undelivered PENDING runs, and
     * [id, "WAKE"] of suspended runs whose wake was lost: the newest {@code .in} record, past the session's cursor, is
     * older than {@code redispatchSeconds}.
     */
    @Transactional
    public List<String[]> overdue(int redispatchSeconds, int limit) {
        String sql = """
                (select id, status from session_run where status in ('BOOTING', 'STREAMING', 'WAITING') and lease_until < now() limit ?)
                union all
                (select id, status from session_run where status = 'SUSPENDED' and suspend_deadline < now() limit ?)
                union all
                (select id, status from session_run where status = 'PENDING' and triggered_at < now() - make_interval(secs => ?) limit ?)
                union all
                (select r.id, 'WAKE' from session_run r
                   join session s on s.id = r.session_id and s.current_run_id = r.id
                   join stream_head h on h.session_id = r.session_id and h.io = 'in'
                   join stream_record x on x.session_id = h.session_id and x.io = 'in' and x.seq = h.next_seq - 1
                  where r.status = 'SUSPENDED' and x.ts < (extract(epoch from now()) * 1000)::bigint - ? * 1000
                    and x.seq > (select max(y.in_cursor) from session_run y where y.session_id = r.session_id)
                  limit ?)""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            ps.setInt(2, limit);
            ps.setInt(3, redispatchSeconds);
            ps.setInt(4, limit);
            ps.setInt(5, redispatchSeconds);
            ps.setInt(6, limit);
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("finding overdue runs failed", e);
        }
    }

    /** The status of a run right now (after a commit, to close the suspend/append race). */
    @Transactional
    public Optional<String> statusOf(String runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select status from session_run where id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading run " + runId + " failed", e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("run update failed: " + sql, e);
        }
    }
}
