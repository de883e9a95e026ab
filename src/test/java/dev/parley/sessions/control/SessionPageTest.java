package dev.parley.sessions.control;

import dev.parley.sessions.entity.Session;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class SessionPageTest {

    private static List<Session> sessions(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Session("s" + i, "env1", null, "chat.agent", "task", "{}",
                List.of(), null, null)).toList();
    }

    private static SessionQuery query(String... params) {
        MultivaluedHashMap<String, String> q = new MultivaluedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            q.add(params[i], params[i + 1]);
        }
        return SessionQuery.parse("env1", q);
    }

    @Test
    void theFirstPageOfMoreHasANextCursorOnly() {
        SessionPage page = SessionPage.of(query("page[size]", "2"), sessions(3)); // one extra row: more follow
        assertEquals(List.of("s0", "s1"), page.rows().stream().map(Session::id).toList());
        assertNotNull(page.next());
        assertNull(page.previous());
        assertEquals(page.next(), page.pagination().build().getString("next"));
    }

    @Test
    void theLastPageHasNoNextCursor() {
        SessionPage page = SessionPage.of(query("page[size]", "2"), sessions(2));
        assertNull(page.next());
        assertEquals(0, page.pagination().build().size());
    }

    @Test
    void aBackwardsPageIsTurnedAroundAndLinksBothWaysWhenMoreCameBefore() {
        String cursor = SessionQuery.cursor(Instant.now(), "s9");
        SessionPage page = SessionPage.of(query("page[size]", "2", "page[before]", cursor), sessions(3));
        assertEquals(List.of("s1", "s0"), page.rows().stream().map(Session::id).toList());
        assertNotNull(page.next(), "the page we came from");
        assertNotNull(page.previous(), "an earlier page exists");
    }

    @Test
    void anEmptyPageHasNoCursors() {
        SessionPage page = SessionPage.of(query(), List.of());
        assertEquals(List.of(), page.rows());
        assertNull(page.next());
        assertNull(page.previous());
    }
}
