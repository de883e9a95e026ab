package dev.parley.sessions.control;

import dev.parley.platform.ApiException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionQueryTest {

    private static MultivaluedMap<String, String> query(String... keyValues) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            q.add(keyValues[i], keyValues[i + 1]);
        }
        return q;
    }

    private static long placeholders(String sql) {
        return sql.chars().filter(c -> c == '?').count();
    }

    private static void assertQueryError(MultivaluedMap<String, String> q, String detailPrefix) {
        ApiException e = assertThrows(ApiException.class, () -> SessionQuery.parse("env1", q));
        assertEquals(400, e.status());
        assertEquals("Query Error", e.body().getString("error"));
        assertTrue(e.body().getJsonArray("details").getString(0).startsWith(detailPrefix), e.body().toString());
    }

    @Test
    void defaultQueryFiltersByEnvironmentNewestFirst() {
        SessionQuery sq = SessionQuery.parse("env1", query());
        assertEquals(List.of("env1"), sq.parameters());
        assertEquals(20, sq.size());
        assertFalse(sq.hasCursor());
        assertTrue(sq.sql().contains("s.environment_id = ?"));
        assertTrue(sq.sql().endsWith("order by s.created_at desc, s.id desc limit 21"), sq.sql());
    }

    @Test
    void theConsolesSearchIsABoundedEscapedSubstringMatchAndTheApiHasNone() {
        SessionQuery sq = SessionQuery.parseWithSearch("env1", query("filter[search]", " 50%_off\\ "));
        String like = "%50\\%\\_off\\\\%";
        assertEquals(List.of("env1", "env1", like, like, like, like), sq.parameters());
        assertEquals(sq.parameters().size(), placeholders(sq.sql()));
        assertTrue(sq.sql().contains("limit " + SessionQuery.SEARCH_WINDOW + ")"), sq.sql());
        assertEquals(List.of("env1"), SessionQuery.parse("env1", query("filter[search]", "x")).parameters());
        assertEquals(List.of("env1"), SessionQuery.parseWithSearch("env1", query("filter[search]", "  ")).parameters());
        ApiException e = assertThrows(ApiException.class,
                () -> SessionQuery.parseWithSearch("env1", query("filter[search]", "x".repeat(101))));
        assertEquals(400, e.status());
    }

    @Test
    void maliciousFilterValuesBecomeParametersNotSql() {
        String evil = "x' or 1=1 --";
        SessionQuery sq = SessionQuery.parse("env1", query("filter[type]", evil, "filter[taskIdentifier]", evil,
                "filter[externalId]", evil, "filter[tags]", evil));
        String sql = sq.sql();
        assertFalse(sql.contains("'"), sql);
        assertFalse(sql.contains("1=1"), sql);
        assertFalse(sql.contains("--"), sql);
        assertEquals(List.of("env1", evil, evil, evil, evil), sq.parameters());
        assertEquals(sq.parameters().size(), placeholders(sql));
    }

    @Test
    void maliciousEnvironmentIdIsAParameterToo() {
        SessionQuery sq = SessionQuery.parse("e' or '1'='1", query());
        assertFalse(sq.sql().contains("'"), sq.sql());
        assertEquals(List.of("e' or '1'='1"), sq.parameters());
    }

    @Test
    void commaJoinedFilterMeansAnyOf() {
        SessionQuery sq = SessionQuery.parse("env1", query("filter[type]", "a,b"));
        assertEquals(List.of("env1", "a", "b"), sq.parameters());
        assertTrue(sq.sql().contains("s.type in (?, ?)"), sq.sql());
    }

    @Test
    void repeatedAndBlankFilterValuesAreMergedAndSkipped() {
        SessionQuery sq = SessionQuery.parse("env1", query("filter[tags]", "a, ,b", "filter[tags]", "c"));
        assertEquals(List.of("env1", "a", "b", "c"), sq.parameters());
        assertEquals(4, placeholders(sq.sql()));
    }

    @Test
    void acceptsPageSizesFromOneToOneHundred() {
        assertEquals(1, SessionQuery.parse("env1", query("page[size]", "1")).size());
        SessionQuery sq = SessionQuery.parse("env1", query("page[size]", "100"));
        assertEquals(100, sq.size());
        assertTrue(sq.sql().endsWith("limit 101"), sq.sql());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-1"})
    void rejectsPageSizesOutsideOneToOneHundred(String size) {
        assertQueryError(query("page[size]", size), "page[size]");
    }

    @Test
    void rejectsCombiningAfterAndBefore() {
        String c = SessionQuery.cursor(Instant.ofEpochMilli(1000), "id1");
        assertQueryError(query("page[after]", c, "page[before]", c), "page");
    }

    @Test
    void rejectsAnUnknownStatus() {
        assertQueryError(query("filter[status]", "BOGUS"), "filter[status]");
    }

    @Test
    void statusFiltersAreParameterisedWithTheCurrentTime() {
        SessionQuery sq = SessionQuery.parse("env1", query("filter[status]", "ACTIVE,CLOSED,EXPIRED"));
        assertEquals(3, sq.parameters().size());
        assertTrue(sq.parameters().get(1) instanceof Timestamp);
        assertTrue(sq.parameters().get(2) instanceof Timestamp);
        assertEquals(3, placeholders(sq.sql()));
    }

    @Test
    void rejectsAnUndecodableCursor() {
        assertQueryError(query("page[after]", "!!!not-base64"), "page");
        assertQueryError(query("page[after]", java.util.Base64.getUrlEncoder().encodeToString("no-colon".getBytes())), "page");
    }

    @Test
    void afterCursorRoundTripsIntoTimestampAndIdParameters() {
        Instant createdAt = Instant.parse("2025-03-04T05:06:07.089Z");
        String id = "abc:def";
        SessionQuery sq = SessionQuery.parse("env1", query("page[after]", SessionQuery.cursor(createdAt, id)));
        assertTrue(sq.hasCursor());
        assertFalse(sq.backwards());
        assertEquals(List.of("env1", Timestamp.from(createdAt), id), sq.parameters());
        assertTrue(sq.sql().contains("(s.created_at, s.id) < (?, ?)"), sq.sql());
        assertFalse(sq.sql().contains(id));
    }

    @Test
    void beforeCursorPagesBackwardsInAscendingOrder() {
        SessionQuery sq = SessionQuery.parse("env1", query("page[before]", SessionQuery.cursor(Instant.ofEpochMilli(5), "x")));
        assertTrue(sq.backwards());
        assertTrue(sq.sql().contains("(s.created_at, s.id) > (?, ?)"), sq.sql());
        assertTrue(sq.sql().contains("order by s.created_at asc, s.id asc"), sq.sql());
        assertEquals(new Timestamp(5), sq.parameters().get(1));
    }

    @Test
    void createdAtFiltersAreParameterised() {
        SessionQuery sq = SessionQuery.parse("env1", query("filter[createdAt][period]", "2h",
                "filter[createdAt][from]", "1000", "filter[createdAt][to]", "2000"));
        assertEquals(4, sq.parameters().size());
        assertEquals(new Timestamp(1000), sq.parameters().get(2));
        assertEquals(new Timestamp(2000), sq.parameters().get(3));
        assertEquals(4, placeholders(sq.sql()));
        assertQueryError(query("filter[createdAt][period]", "2 years"), "filter[createdAt][period]");
        assertQueryError(query("filter[createdAt][from]", "yesterday"), "filter[createdAt][from]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999d", "200000000000000d", "999999999999d"})
    void rejectsAnOversizedCreatedAtPeriodAsAQueryError(String period) {
        assertQueryError(query("filter[createdAt][period]", period), "filter[createdAt][period]");
    }
}
