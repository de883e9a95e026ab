package dev.parley.sessions.control;

import dev.parley.platform.ApiException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list filters take any query a client can send: either a query PostgreSQL accepts (one parameter per
 * placeholder, a page size within bounds, timestamps PostgreSQL can hold) or a 400 in the documented shape.
 */
class SessionQueryProperties {

    private static final List<String> NAMES = List.of("page[size]", "page[after]", "page[before]", "filter[type]",
            "filter[taskIdentifier]", "filter[externalId]", "filter[tags]", "filter[status]",
            "filter[createdAt][period]", "filter[createdAt][from]", "filter[createdAt][to]", "filter[search]");
    /** Well inside PostgreSQL's timestamptz range (4713 BC to 294276 AD). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Property(tries = 2000)
    void anyQueryIsValidSqlOrA400(@ForAll("queries") MultivaluedMap<String, String> q, @ForAll boolean search) {
        SessionQuery parsed;
        try {
            parsed = search ? SessionQuery.parseWithSearch("env1", q) : SessionQuery.parse("env1", q);
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertEquals("Query Error", e.body().getString("error"));
            assertTrue(e.body().getJsonArray("details").size() > 0);
            return;
        }
        assertEquals(parsed.sql().chars().filter(c -> c == '?').count(), parsed.parameters().size(), parsed.sql());
        assertTrue(parsed.size() >= 1 && parsed.size() <= 100);
        for (Object p : parsed.parameters()) {
            if (p instanceof Timestamp t) {
                Instant i = t.toInstant();
                assertTrue(!i.isBefore(EARLIEST) && !i.isAfter(LATEST), () -> "timestamp out of range: " + i);
            }
        }
    }

    @Provide
    Arbitrary<MultivaluedMap<String, String>> queries() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(12));
        return Arbitraries.oneOf(values(), cursors(), periods()).flatMap(v -> names.map(n -> Tuple.of(n, v)))
                .list().ofMaxSize(6).map(pairs -> {
                    MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
                    pairs.forEach(p -> q.add(p.get1(), p.get2()));
                    return q;
                });
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789-,ACTIVECLOSEDEXPIRED %_\\").ofMaxLength(30),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-5, 205).map(String::valueOf));
    }

    private static Arbitrary<String> cursors() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-100_000_000_000_000L, 300_000_000_000_000L))
                .map(ms -> SessionQuery.cursor(Instant.ofEpochMilli(ms), "id1"));
    }

    private static Arbitrary<String> periods() {
        return Arbitraries.longs().between(0, 999_999_999L)
                .flatMap(n -> Arbitraries.of("s", "m", "h", "d", "w", "y").map(u -> n + u));
    }
}
