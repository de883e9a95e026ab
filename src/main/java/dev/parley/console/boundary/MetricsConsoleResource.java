package dev.parley.console.boundary;

import dev.parley.console.control.HourMetrics;
import dev.parley.console.entity.ConsoleRole;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The last hour per minute: turns, mean time to first chunk (ms, null without turns) and the run error rate. */
@Path("console/api/metrics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MetricsConsoleResource {

    @Inject
    HourMetrics metrics;

    @GET
    @Allowed(ConsoleRole.VIEWER)
    public String lastHour() {
        HourMetrics.Series s = metrics.lastHour(System.currentTimeMillis());
        JsonArrayBuilder minutes = Json.createArrayBuilder();
        for (int i = 0; i < HourMetrics.MINUTES; i++) {
            var m = Json.createObjectBuilder().add("minute", (s.firstMinute() + i) * 60_000).add("turns", s.turns()[i])
                    .add("runsEnded", s.runsEnded()[i]).add("runsFailed", s.runsFailed()[i]);
            if (s.ttfcCount()[i] > 0) {
                m.add("ttfcMs", s.ttfcSum()[i] / s.ttfcCount()[i]);
            } else {
                m.addNull("ttfcMs");
            }
            if (s.runsEnded()[i] > 0) {
                m.add("errorRate", (double) s.runsFailed()[i] / s.runsEnded()[i]);
            } else {
                m.addNull("errorRate");
            }
            minutes.add(m);
        }
        return Json.createObjectBuilder().add("minutes", minutes).build().toString();
    }
}
