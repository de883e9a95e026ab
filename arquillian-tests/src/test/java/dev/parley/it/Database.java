package dev.parley.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct access to the test database, for moving time-based state (trims, part claims) into the past. */
final class Database {

    private Database() {
    }

    static int update(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static long count(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static String text(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A connection to another database of the same server, e.g. to refuse connections to the test database. */
    static Connection openOn(String database) throws SQLException {
        String url = System.getProperty("parley.db.url").replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return DriverManager.getConnection(url, System.getProperty("parley.db.user"),
                System.getProperty("parley.db.password", ""));
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("parley.db.url"),
                System.getProperty("parley.db.user"), System.getProperty("parley.db.password", ""));
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
