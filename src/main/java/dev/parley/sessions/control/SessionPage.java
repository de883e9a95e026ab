package dev.parley.sessions.control;

import dev.parley.sessions.entity.Session;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One page of a session list, in display order, with the cursors to the pages around it. The query fetches one row
 * more than the page holds to learn whether another page follows; a backwards query fetches in reverse and is turned
 * around here. Both the API and the console list sessions through it.
 */
public record SessionPage(List<Session> rows, String next, String previous) {

    static SessionPage of(SessionQuery q, List<Session> fetched) {
        List<Session> rows = new ArrayList<>(fetched);
        boolean more = rows.size() > q.size();
        if (more) {
            rows = new ArrayList<>(rows.subList(0, q.size()));
        }
        if (q.backwards()) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new SessionPage(List.of(), null, null);
        }
        Session first = rows.getFirst();
        Session last = rows.getLast();
        String next = q.backwards() || more ? SessionQuery.cursor(last.createdAt(), last.id()) : null;
        String previous = (q.backwards() ? more : q.hasCursor()) ? SessionQuery.cursor(first.createdAt(), first.id()) : null;
        return new SessionPage(List.copyOf(rows), next, previous);
    }

    /** The {@code pagination} member of a list response: {@code next} and {@code previous} where they exist. */
    public JsonObjectBuilder pagination() {
        JsonObjectBuilder pagination = Json.createObjectBuilder();
        if (next != null) {
            pagination.add("next", next);
        }
        if (previous != null) {
            pagination.add("previous", previous);
        }
        return pagination;
    }
}
