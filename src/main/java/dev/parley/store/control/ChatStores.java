package dev.parley.store.control;

import dev.parley.chat.control.ChunkCodec;
import dev.parley.platform.Ids;
import dev.parley.store.entity.FencedOut;
import dev.parley.store.entity.RunFence;
import dev.parley.store.entity.StoreRefusal;
import dev.parley.store.entity.StoreRules;
import dev.parley.store.entity.StoredSlot;
import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonPatch;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chat store's rows ({@code chat_store}, migration V11). Invariants: a slot's version grows by one with each write,
 * and a conditional write (the agent's update, a client's patch or delete) lands only on the version it was computed
 * from, so no change overwrites one it has not seen; a client's change and its {@code data-store} record on
 * {@code .out} commit in one transaction, so a reader never sees one without the other; a session never has more
 * than {@link StoreRules#MAX_SLOTS} slots, however many writers create slots at once (creating one locks the session
 * row, so creators count one after another); an agent's write lands only while its run holds its lease, checked and
 * held (the run row locked against the reaper's takeover) in the write's own transaction.
 */
@ApplicationScoped
@Transactional
public class ChatStores {

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Inject
    Appender appender;

    public Optional<StoredSlot> read(String sessionId, String slot) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, sessionId, slot, false);
        } catch (SQLException e) {
            throw new IllegalStateException("reading slot " + slot + " of " + sessionId + " failed", e);
        }
    }

    /** Every written slot of the session, by name. */
    public List<StoredSlot> all(String sessionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select slot, value, version, updated_at, updated_by from chat_store where session_id = ? order by slot")) {
            ps.setString(1, sessionId);
            List<StoredSlot> slots = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slots.add(row(rs));
                }
            }
            return slots;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the store of " + sessionId + " failed", e);
        }
    }

    /**
     * Writes {@code value} (checked by {@link StoreRules}) if the slot is still at {@code expectedVersion} (0: never
     * written; negative: whatever it is), as the agent's run {@code fence}. Returns the new version, or -1 when the
     * slot had moved on; throws {@link FencedOut} when the run no longer holds its lease.
     */
    public long write(String sessionId, String slot, JsonStructure value, long expectedVersion, RunFence fence) {
        String text = StoreRules.value(value);
        try (Connection c = dataSource.getConnection()) {
            holdLease(c, sessionId, fence);
            long written = -1;
            // an unconditional write that loses the race to create the slot goes again, over the winner's value
            for (int attempt = 0; attempt < 2 && written < 0; attempt++) {
                long version = read(c, sessionId, slot, true).map(StoredSlot::version).orElse(0L);
                if (expectedVersion >= 0 && expectedVersion != version) {
                    return -1;
                }
                written = store(c, sessionId, slot, text, version, StoredSlot.AGENT);
            }
            return written;
        } catch (SQLException e) {
            throw new IllegalStateException("writing slot " + slot + " of " + sessionId + " failed", e);
        }
    }

    /**
     * Applies a client's patch to the slot's newest value (an empty object if it was never written), if the slot is
     * at {@code ifVersion} when that is given, and announces the change on {@code .out}. Nothing is written when
     * anything is refused.
     */
    public StoredSlot patch(String sessionId, String slot, JsonPatch patch, Long ifVersion) {
        try (Connection c = dataSource.getConnection()) {
            // twice at most: a first write to the slot that loses the race to create it is applied to the winner's value
            for (int attempt = 0; ; attempt++) {
                Optional<StoredSlot> current = read(c, sessionId, slot, true);
                long version = current.map(StoredSlot::version).orElse(0L);
                if (ifVersion != null && ifVersion != version) {
                    throw new StoreRefusal(412, "version_mismatch", "Slot " + slot + " is at version " + version
                            + ", not " + ifVersion + "; read it again and patch that");
                }
                JsonStructure base = current.map(StoredSlot::value).orElse(Json.createObjectBuilder().build());
                JsonStructure next = StoreRules.apply(patch, base);
                long written = store(c, sessionId, slot, StoreRules.value(next), version, StoredSlot.CLIENT);
                if (written > 0) {
                    appender.append(sessionId, Io.OUT, List.of(NewRecord.data(
                            ChunkCodec.toJsonText(StoredSlot.chunk(slot, written, next, true)), Ids.recordId())));
                    return read(c, sessionId, slot, false).orElseThrow();
                }
                if (attempt > 0) {
                    throw new IllegalStateException("slot " + slot + " of " + sessionId + " moved under a locked write");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("patching slot " + slot + " of " + sessionId + " failed", e);
        }
    }

    /**
     * Deletes the slot if it is at {@code ifVersion} when that is given; returns the deleted slot, or empty when there
     * was none. A client's delete ({@code fence} null) is announced on {@code .out} in the same transaction; an
     * agent's is announced by its turn, and lands only while its run holds its lease.
     */
    public Optional<StoredSlot> delete(String sessionId, String slot, Long ifVersion, RunFence fence) {
        try (Connection c = dataSource.getConnection()) {
            if (fence != null) {
                holdLease(c, sessionId, fence);
            }
            Optional<StoredSlot> current = read(c, sessionId, slot, true);
            long version = current.map(StoredSlot::version).orElse(0L);
            if (ifVersion != null && current.isPresent() && ifVersion != version) {
                throw new StoreRefusal(412, "version_mismatch", "Slot " + slot + " is at version " + version
                        + ", not " + ifVersion + "; read it again and delete that");
            }
            if (current.isEmpty()) {
                return current;
            }
            try (PreparedStatement ps = c.prepareStatement("delete from chat_store where session_id = ? and slot = ?")) {
                ps.setString(1, sessionId);
                ps.setString(2, slot);
                ps.executeUpdate();
            }
            if (fence == null) {
                appender.append(sessionId, Io.OUT, List.of(NewRecord.data(
                        ChunkCodec.toJsonText(StoredSlot.deletedChunk(slot, true)), Ids.recordId())));
            }
            return current;
        } catch (SQLException e) {
            throw new IllegalStateException("deleting slot " + slot + " of " + sessionId + " failed", e);
        }
    }

    /**
     * The agent's write goes on only if its run still holds the lease; the run row stays share-locked until the write
     * commits, so the reaper cannot declare the run crashed (and a recovery start writing) in between.
     */
    private static void holdLease(Connection c, String sessionId, RunFence fence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from session_run where id = ? and session_id = ? "
                + "and lease_owner = ? and status in ('BOOTING', 'STREAMING', 'WAITING') and lease_until > now() for share")) {
            ps.setString(1, fence.runId());
            ps.setString(2, sessionId);
            ps.setString(3, fence.node());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new FencedOut("run " + fence.friendlyId() + " no longer holds its chat (its lease was lost or it "
                            + "ended); the chat store write was refused");
                }
            }
        }
    }

    /** Writes the version after {@code version} (the row is locked, or absent); a new slot counts against the cap. */
    private static long store(Connection c, String sessionId, String slot, String text, long version, String by)
            throws SQLException {
        if (version == 0) {
            // creators of slots queue on the session row, so each counts the slots the one before it created
            try (PreparedStatement lock = c.prepareStatement("select 1 from session where id = ? for no key update")) {
                lock.setString(1, sessionId);
                lock.executeQuery().close();
            }
            // a slot that a racing writer created meanwhile is no new slot: its insert below conflicts, and goes again
            try (PreparedStatement count = c.prepareStatement(
                    "select count(*), coalesce(bool_or(slot = ?), false) from chat_store where session_id = ?")) {
                count.setString(1, slot);
                count.setString(2, sessionId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(2) && rs.getLong(1) >= StoreRules.MAX_SLOTS) {
                        throw new StoreRefusal(409, "too_many_slots", "A chat has at most " + StoreRules.MAX_SLOTS
                                + " store slots");
                    }
                }
            }
        }
        // a first write that lost a race inserts nothing: the conflict leaves the other's row, and this write fails
        String sql = version == 0
                ? "insert into chat_store (session_id, slot, value, version, updated_by) values (?, ?, ?, 1, ?) "
                  + "on conflict (session_id, slot) do nothing"
                : "update chat_store set value = ?, version = version + 1, updated_by = ?, updated_at = now() "
                  + "where session_id = ? and slot = ? and version = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (version == 0) {
                ps.setString(1, sessionId);
                ps.setString(2, slot);
                ps.setString(3, text);
                ps.setString(4, by);
            } else {
                ps.setString(1, text);
                ps.setString(2, by);
                ps.setString(3, sessionId);
                ps.setString(4, slot);
                ps.setLong(5, version);
            }
            return ps.executeUpdate() == 1 ? version + 1 : -1;
        }
    }

    private static Optional<StoredSlot> read(Connection c, String sessionId, String slot, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select slot, value, version, updated_at, updated_by from chat_store"
                + " where session_id = ? and slot = ?" + (lock ? " for update" : ""))) {
            ps.setString(1, sessionId);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static StoredSlot row(ResultSet rs) throws SQLException {
        try (JsonReader r = Json.createReader(new StringReader(rs.getString(2)))) {
            Timestamp at = rs.getTimestamp(4);
            return new StoredSlot(rs.getString(1), (JsonStructure) r.readValue(), rs.getLong(3), at.toInstant(), rs.getString(5));
        }
    }
}
