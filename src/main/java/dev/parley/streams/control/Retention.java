package dev.parley.streams.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Deletes what the log no longer has to keep (decision D10): records below a trim target once the trim has aged
 * past its grace period, so a client reconnecting across one turn boundary still finds its records; and
 * {@code X-Part-Id} claims older than the idempotency window.
 */
@ApplicationScoped
@Transactional
public class Retention {

    static final int TRIM_GRACE_SECONDS = 60;
    static final int CLAIM_WINDOW_SECONDS = 300;
    private static final int BATCH = 5_000;

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /** {@code PARLEY_RETENTION_IN_SECONDS}: age after which answered {@code .in} records go; 0 keeps them. */
    @Inject
    @ConfigProperty(name = "parley.retention.in.seconds", defaultValue = "0")
    long inRetentionSeconds;

    /** Applies up to one batch of due trims; returns the number of records deleted. */
    public int applyDueTrims() {
        return update("""
                with due as (
                    delete from stream_trim where ctid in (
                        select ctid from stream_trim where requested_at < now() - make_interval(secs => ?) limit ?)
                    returning session_id, io, target_seq
                ), targets as (
                    select session_id, io, max(target_seq) as target from due group by session_id, io
                )
                delete from stream_record r using targets t
                where r.session_id = t.session_id and r.io = t.io and r.seq < t.target""", TRIM_GRACE_SECONDS);
    }

    /**
     * Deletes {@code .in} records older than the configured retention that a turn has answered: at or below the
     * highest {@code in_cursor} of the session's runs, which is committed with the turn-complete that answered them.
     * Unanswered messages (above the cursor) are what the run engine reads next, so they are never deleted, however old.
     * Chat history does not need the answered ones: it is rebuilt from snapshots. Returns the number deleted.
     */
    public int trimAnsweredInput() {
        if (inRetentionSeconds <= 0) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from stream_record where ctid in (
                    select r.ctid from stream_record r
                    join (select session_id, max(in_cursor) as answered from session_run group by session_id) a
                      on a.session_id = r.session_id
                    where r.io = 'in' and r.seq <= a.answered
                      and r.ts < (extract(epoch from now()) * 1000)::bigint - ? * 1000
                    limit ?)""")) {
            ps.setLong(1, inRetentionSeconds);
            ps.setInt(2, BATCH);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(".in retention sweep failed", e);
        }
    }

    /** Forgets part ids claimed longer ago than the idempotency window; returns how many. */
    public int expireClaims() {
        return update("""
                delete from append_claim where ctid in (
                    select ctid from append_claim where claimed_at < now() - make_interval(secs => ?) limit ?)""",
                CLAIM_WINDOW_SECONDS);
    }

    private int update(String sql, int ageSeconds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, ageSeconds);
            ps.setInt(2, BATCH);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("retention sweep failed", e);
        }
    }
}
