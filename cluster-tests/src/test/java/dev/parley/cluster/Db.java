package dev.parley.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's database, read directly: run rows, {@code .out} records, and a log of every take of a run. The log
 * is a trigger of the test's own on {@code session_run} (not part of Parley's schema): whenever a row becomes BOOTING
 * with a lease owner, the owner (node id and incarnation) and the status it left are recorded, so which node executed
 * what, and how often, survives the lease being cleared when the run suspends or ends.
 */
final class Db {

    private static final String URL = "jdbc:postgresql://127.0.0.1:" + System.getProperty("cluster.db.port") + "/postgres";

    private Db() {
    }

    static void recordTakes() throws SQLException {
        update("""
                create table if not exists cluster_it_take (run_id varchar(40) not null, owner varchar(64) not null,
                    prior varchar(16) not null, at timestamptz not null default clock_timestamp())""");
        update("""
                create or replace function cluster_it_record_take() returns trigger language plpgsql as $$
                begin
                    if new.status = 'BOOTING' and new.lease_owner is not null and old.status <> 'BOOTING' then
                        insert into cluster_it_take (run_id, owner, prior) values (new.id, new.lease_owner, old.status);
                    end if;
                    return new;
                end $$""");
        update("drop trigger if exists cluster_it_take on session_run");
        update("create trigger cluster_it_take after update on session_run for each row execute function cluster_it_record_take()");
    }

    /** Waits until a node has created the environment and its bootstrap key (a bound on a hang, not a timing). */
    static void awaitBootstrapped() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                 PreparedStatement ps = c.prepareStatement("select count(*) from api_key");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return;
                }
            } catch (SQLException notMigratedYet) {
                // the table appears with node 1's migrations
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no node bootstrapped the database");
    }

    /** The takes of the runs of the chat (external id), oldest first: {run friendly id, owner, prior status}. */
    static List<String[]> takes(String chat) {
        return rows("""
                select r.friendly_id, t.owner, t.prior from cluster_it_take t join session_run r on r.id = t.run_id
                join session s on s.id = r.session_id where s.external_id = ? order by t.at""", chat);
    }

    /** The chat's runs, oldest first: {friendly id, status, reason}. */
    static List<String[]> runs(String chat) {
        return rows("""
                select r.friendly_id, r.status, r.reason from session_run r join session s on s.id = r.session_id
                where s.external_id = ? order by r.triggered_at""", chat);
    }

    /** The chat's {@code .out} records in order: {headers or null, body or null}. */
    static List<String[]> out(String chat) {
        return rows("""
                select x.headers, x.body from stream_record x join session s on s.id = x.session_id
                where s.external_id = ? and x.io = 'out' order by x.seq""", chat);
    }

    private static List<String[]> rows(String sql, String arg) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
