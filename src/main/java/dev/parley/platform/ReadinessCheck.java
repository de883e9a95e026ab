package dev.parley.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Ready when the database answers and the run queue can be browsed on the messaging engine. */
@Readiness
@ApplicationScoped
@Transactional
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/runs")
    Queue runs;

    @Override
    public HealthCheckResponse call() {
        var r = HealthCheckResponse.named("parley");
        boolean db = database();
        boolean messaging = messaging();
        return r.status(db && messaging).withData("database", db ? "UP" : "DOWN")
                .withData("messaging", messaging ? "UP" : "DOWN").build();
    }

    private boolean database() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from parley_schema_history")) {
            return rs.next();
        } catch (Exception e) {
            return false;
        }
    }

    private boolean messaging() {
        try (JMSContext ctx = connectionFactory.createContext()) {
            ctx.createBrowser(runs).getEnumeration().hasMoreElements();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
