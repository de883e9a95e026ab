package dev.parley.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An OTLP/HTTP receiver (protobuf, {@code /v1/traces} and {@code /v1/metrics}) on loopback, as a collector would
 * run beside Parley: it keeps every span and metric point it is sent.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<Metric> metrics = new CopyOnWriteArrayList<>();

    /** A receiver that closes when the JVM exits. */
    static OtlpReceiver untilExit(int port) {
        OtlpReceiver r = new OtlpReceiver(port);
        Runtime.getRuntime().addShutdownHook(new Thread(r::close));
        return r;
    }

    private OtlpReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("the OTLP receiver cannot listen on " + port, e);
        }
        server.createContext("/v1/traces", ex -> receive(ex, in -> ExportTraceServiceRequest.parseFrom(in)
                .getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())))));
        server.createContext("/v1/metrics", ex -> receive(ex, in -> ExportMetricsServiceRequest.parseFrom(in)
                .getResourceMetricsList().forEach(r -> r.getScopeMetricsList().forEach(s -> metrics.addAll(s.getMetricsList())))));
        server.start();
    }

    private interface Reader {
        void read(InputStream in) throws IOException;
    }

    private static void receive(HttpExchange ex, Reader reader) throws IOException {
        try (ex) {
            InputStream in = ex.getRequestBody();
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            reader.read(in);
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
        }
    }

    /** The first span received that matches, waiting up to {@code wait} for it. */
    Span span(String what, Predicate<Span> match, Duration wait) {
        return await(what, () -> spans.stream().filter(match).findFirst(), wait);
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    /** The latest export of the named metric that matches, waiting up to {@code wait} for one. */
    Metric metric(String name, Predicate<Metric> match, Duration wait) {
        return await("metric " + name, () -> metrics.reversed().stream()
                .filter(m -> m.getName().equals(name) && match.test(m)).findFirst(), wait);
    }

    List<String> metricNames() {
        return metrics.stream().map(Metric::getName).distinct().sorted().toList();
    }

    private static <T> T await(String what, java.util.function.Supplier<Optional<T>> find, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = find.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("no " + what + " arrived within " + wait);
    }

    static String hex(com.google.protobuf.ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    static Optional<AnyValue> attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }

    static String string(Span span, String key) {
        return attribute(span.getAttributesList(), key).map(AnyValue::getStringValue).orElse(null);
    }

    static Long number(Span span, String key) {
        return attribute(span.getAttributesList(), key).map(AnyValue::getIntValue).orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
