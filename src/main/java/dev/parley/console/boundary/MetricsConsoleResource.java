package dev.parley.console.boundary;

import dev.parley.console.control.Percentiles;
import dev.parley.console.control.TimeMetrics;
import dev.parley.console.entity.ConsoleRole;
import dev.parley.console.entity.MetricsRange;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Bucketed figures for {@code range} (1h, 6h, 24h or 7d; default 1h): turns, time to first chunk (mean, p50 and p95 in
 * ms, null without a measured turn) and the run error rate.
 */
@Path("console/api/metrics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MetricsConsoleResource {

    @Inject
    TimeMetrics metrics;

    @GET
    @Allowed(ConsoleRole.VIEWER)
    public String series(@QueryParam("range") String range) {
        MetricsRange r = range == null || range.isBlank() ? MetricsRange.HOUR : MetricsRange.fromWire(range.trim())
                .orElseThrow(() -> ApiException.badRequest("range must be one of 1h, 6h, 24h, 7d"));
        TimeMetrics.Series s = metrics.of(r, System.currentTimeMillis());
        JsonArrayBuilder buckets = Json.createArrayBuilder();
        for (int i = 0; i < r.buckets(); i++) {
            long[] ttfc = s.ttfc().get(i);
            JsonObjectBuilder b = Json.createObjectBuilder().add("start", s.firstBucket() + i * r.bucketMillis())
                    .add("turns", s.turns()[i]).add("runsEnded", s.runsEnded()[i]).add("runsFailed", s.runsFailed()[i])
                    .add("ttfcCount", ttfc.length);
            number(b, "ttfcMs", TimeMetrics.mean(ttfc));
            number(b, "ttfcP50Ms", Percentiles.of(ttfc, 50));
            number(b, "ttfcP95Ms", Percentiles.of(ttfc, 95));
            if (s.runsEnded()[i] > 0) {
                b.add("errorRate", (double) s.runsFailed()[i] / s.runsEnded()[i]);
            } else {
                b.addNull("errorRate");
            }
            buckets.add(b);
        }
        return Json.createObjectBuilder().add("range", r.wire()).add("bucketSeconds", r.bucketMillis() / 1000)
                .add("buckets", buckets).build().toString();
    }

    private static void number(JsonObjectBuilder b, String name, Long v) {
        if (v == null) {
            b.addNull(name);
        } else {
            b.add(name, v);
        }
    }
}
