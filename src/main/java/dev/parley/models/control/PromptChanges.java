package dev.parley.models.control;

import dev.parley.models.entity.PromptChange;
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
 * The audit trail of console prompt changes (table {@code prompt_change}, append-only). The newest row of a
 * (name, version) is in force. Reads go to the database every time, so a change is seen by the next turn on every
 * node; the lookup is one index probe ({@code prompt_change_current}).
 */
@ApplicationScoped
public class PromptChanges {

    private static final String COLUMNS = "id, name, version, action, old_template, old_model, new_template, new_model,"
            + " reverted_to, actor, changed_at";

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /** The change in force for this prompt version, if any. */
    @Transactional // released at once when the caller has no transaction
    public Optional<PromptChange> current(String name, int version) {
        try (Connection c = dataSource.getConnection()) {
            return current(c, name, version);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the overrides of prompt " + name + " failed", e);
        }
    }

    /** Every change of every prompt version, newest first. */
    @Transactional
    public List<PromptChange> all() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from prompt_change order by id desc limit 10000")) {
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading prompt changes failed", e);
        }
    }

    /**
     * Appends a change. {@code newTemplate == null} puts the code-defined version back. Changes of one prompt version
     * are serialised (a transaction-scoped advisory lock), so each row's old values are the ones it replaced.
     */
    @Transactional
    public PromptChange append(String name, int version, String action, String newTemplate, String newModel,
                               Long revertedTo, String actor) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "prompt:" + name + ":" + version);
                lock.execute();
            }
            Optional<PromptChange> before = current(c, name, version);
            try (PreparedStatement ps = c.prepareStatement("insert into prompt_change (name, version, action, old_template,"
                    + " old_model, new_template, new_model, reverted_to, actor) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning "
                    + COLUMNS)) {
                ps.setString(1, name);
                ps.setInt(2, version);
                ps.setString(3, action);
                ps.setString(4, before.map(PromptChange::newTemplate).orElse(null));
                ps.setString(5, before.map(PromptChange::newModel).orElse(null));
                ps.setString(6, newTemplate);
                ps.setString(7, newModel);
                if (revertedTo == null) {
                    ps.setNull(8, Types.BIGINT);
                } else {
                    ps.setLong(8, revertedTo);
                }
                ps.setString(9, actor);
                return read(ps).getFirst();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("changing prompt " + name + " failed", e);
        }
    }

    /** One change by id, if it belongs to this prompt version. */
    @Transactional
    public Optional<PromptChange> find(String name, int version, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from prompt_change where id = ? and name = ? and version = ?")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.setInt(3, version);
            return read(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("reading prompt change " + id + " failed", e);
        }
    }

    private static Optional<PromptChange> current(Connection c, String name, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                + " from prompt_change where name = ? and version = ? order by id desc limit 1")) {
            ps.setString(1, name);
            ps.setInt(2, version);
            return read(ps).stream().findFirst();
        }
    }

    private static List<PromptChange> read(PreparedStatement ps) throws SQLException {
        List<PromptChange> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long to = rs.getLong(9);
                out.add(new PromptChange(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.wasNull() ? null : to, rs.getString(10),
                        rs.getTimestamp(11).toInstant()));
            }
        }
        return out;
    }
}
