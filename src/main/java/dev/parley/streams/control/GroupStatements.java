package dev.parley.streams.control;

import dev.parley.streams.control.Appender.Fence;
import dev.parley.streams.control.Appender.Grouped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statements of one group commit ({@link Appender#appendGrouped}), each one statement for the whole group however
 * many channels and runs it holds: the idempotency claims, the runs' fences, the channels' head rows, the NOTIFY.
 */
final class GroupStatements {

    private GroupStatements() {
    }

    static boolean[] claimAll(Connection c, List<Grouped> items) throws SQLException {
        boolean[] keep = new boolean[items.size()];
        List<Integer> claimed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).partId() == null) {
                keep[i] = true;
            } else {
                claimed.add(i);
            }
        }
        if (claimed.isEmpty()) {
            return keep;
        }
        String[] sessions = new String[claimed.size()], ios = new String[claimed.size()], parts = new String[claimed.size()];
        for (int k = 0; k < claimed.size(); k++) {
            Grouped g = items.get(claimed.get(k));
            sessions[k] = g.sessionId();
            ios[k] = g.io().wire();
            parts[k] = g.partId();
        }
        Set<String> won = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("insert into append_claim (session_id, io, part_id) "
                + "select * from unnest(?::text[], ?::text[], ?::text[]) on conflict do nothing returning session_id, io, part_id")) {
            ps.setArray(1, c.createArrayOf("text", sessions));
            ps.setArray(2, c.createArrayOf("text", ios));
            ps.setArray(3, c.createArrayOf("text", parts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    won.add(rs.getString(1) + '/' + rs.getString(2) + '/' + rs.getString(3));
                }
            }
        }
        for (int k : claimed) {
            Grouped g = items.get(k);
            keep[k] = won.remove(g.sessionId() + '/' + g.io().wire() + '/' + g.partId()); // a repeat in the group loses
        }
        return keep;
    }

    /** Drops the records whose run no longer holds its lease: one query for every run of the group. */
    static void fence(Connection c, List<Grouped> items, boolean[] keep) throws SQLException {
        Set<String> runs = new HashSet<>();
        for (Grouped g : items) {
            if (g.fence() != null) {
                runs.add(g.fence().runId());
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        Set<Fence> held = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select id, lease_owner from session_run where id = any(?::text[]) "
                + "and status in ('BOOTING', 'STREAMING', 'WAITING')")) {
            ps.setArray(1, c.createArrayOf("text", runs.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(new Fence(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (int i = 0; i < items.size(); i++) {
            Fence f = items.get(i).fence();
            if (f != null && !held.contains(f)) {
                keep[i] = false;
            }
        }
    }

    static void reserveAll(Connection c, TreeMap<String, long[]> heads) throws SQLException {
        String[] sessions = new String[heads.size()], ios = new String[heads.size()];
        Integer[] counts = new Integer[heads.size()];
        Long[] bytes = new Long[heads.size()];
        int k = 0;
        for (var e : heads.entrySet()) {
            int slash = e.getKey().lastIndexOf('/');
            sessions[k] = e.getKey().substring(0, slash);
            ios[k] = e.getKey().substring(slash + 1);
            bytes[k] = e.getValue()[2];
            counts[k++] = (int) e.getValue()[0];
        }
        // lock the head rows in key order first: the update's own row order is not defined
        try (PreparedStatement lock = c.prepareStatement("select h.session_id from stream_head h join unnest(?::text[], ?::text[]) "
                + "as v(s, io) on h.session_id = v.s and h.io = v.io order by h.session_id, h.io for update of h");
             PreparedStatement ps = c.prepareStatement("update stream_head h set next_seq = h.next_seq + v.n, "
                     + "stored_bytes = h.stored_bytes + v.b from unnest(?::text[], ?::text[], ?::int[], ?::int8[]) "
                     + "as v(s, io, n, b) where h.session_id = v.s and h.io = v.io "
                     + "returning h.session_id, h.io, h.next_seq")) {
            lock.setArray(1, c.createArrayOf("text", sessions));
            lock.setArray(2, c.createArrayOf("text", ios));
            lock.executeQuery().close();
            ps.setArray(1, c.createArrayOf("text", sessions));
            ps.setArray(2, c.createArrayOf("text", ios));
            ps.setArray(3, c.createArrayOf("int4", counts));
            ps.setArray(4, c.createArrayOf("int8", bytes));
            int found = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] head = heads.get(rs.getString(1) + '/' + rs.getString(2));
                    head[1] = rs.getLong(3) - head[0];
                    found++;
                }
            }
            if (found != heads.size()) {
                throw new IllegalStateException("a channel of the group has no head row");
            }
        }
    }

    static void notifyAll(Connection c, TreeMap<String, long[]> heads) throws SQLException {
        String[] payloads = new String[heads.size()];
        int k = 0;
        for (var e : heads.entrySet()) {
            int slash = e.getKey().lastIndexOf('/');
            payloads[k++] = Appender.NODE_ID + " " + e.getKey().substring(0, slash) + " " + e.getKey().substring(slash + 1)
                    + " " + (e.getValue()[1] - 1);
        }
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, p) from unnest(?::text[]) as p")) {
            ps.setString(1, Appender.NOTIFY_CHANNEL);
            ps.setArray(2, c.createArrayOf("text", payloads));
            ps.execute();
        }
    }
}
