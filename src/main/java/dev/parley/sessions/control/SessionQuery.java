package dev.parley.sessions.control;

import dev.parley.platform.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.core.MultivaluedMap;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The list query (wire rule W6): filters, newest first, opaque cursors over (created_at, id). Multi-valued filters
 * arrive comma-joined and mean any-of (decision D6). Built as parameterised SQL only.
 */
public final class SessionQuery {

    private static final Pattern PERIOD = Pattern.compile("^(\\d+)(s|m|h|d|w)$");
    private static final Set<String> STATUSES = Set.of("ACTIVE", "CLOSED", "EXPIRED");
    /** Times a query may name: PostgreSQL refuses timestamps outside its range with an error, not an empty page. */
    private static final long EARLIEST_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    private static final long LATEST_MILLIS = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();

    private final StringBuilder where = new StringBuilder();
    private final List<Object> params = new ArrayList<>();
    private final List<Object> details = new ArrayList<>();
    final int size;
    final boolean backwards;
    final boolean hasCursor;

    /** The newest sessions of an environment a substring search looks through (it cannot use an index). */
    public static final int SEARCH_WINDOW = 10_000;

    private SessionQuery(String environmentId, MultivaluedMap<String, String> q, Instant now, boolean search) {
        size = pageSize(q.getFirst("page[size]"));
        String after = q.getFirst("page[after]");
        String before = q.getFirst("page[before]");
        if (after != null && before != null) {
            detail("page", "page[after] and page[before] cannot be combined");
        }
        backwards = before != null;
        hasCursor = after != null || before != null;
        where.append("s.environment_id = ?");
        params.add(environmentId);
        inList(q, "filter[type]", "s.type");
        inList(q, "filter[taskIdentifier]", "s.task_identifier");
        inList(q, "filter[externalId]", "s.external_id");
        List<String> tags = values(q, "filter[tags]");
        if (!tags.isEmpty()) {
            where.append(" and exists (select 1 from session_tag t where t.session_id = s.id and t.tag in (")
                    .append(placeholders(tags.size())).append("))");
            params.addAll(tags);
        }
        status(values(q, "filter[status]"), now);
        createdAt(q, now);
        if (search) {
            search(environmentId, q.getFirst("filter[search]"));
        }
        String cursor = after != null ? after : before;
        if (cursor != null) {
            Object[] c = decode(cursor);
            if (c != null) {
                where.append(backwards ? " and (s.created_at, s.id) > (?, ?)" : " and (s.created_at, s.id) < (?, ?)");
                params.add(c[0]);
                params.add(c[1]);
            }
        }
        if (!details.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            details.forEach(d -> a.add(d.toString()));
            throw ApiException.of(400, Json.createObjectBuilder().add("error", "Query Error").add("details", a));
        }
    }

    public static SessionQuery parse(String environmentId, MultivaluedMap<String, String> q) {
        return new SessionQuery(environmentId, q, Instant.now(), false);
    }

    /**
     * The list query plus {@code filter[search]}: a case-insensitive substring of the session id, external id, agent
     * (task identifier) or a tag, looked for among the environment's newest {@link #SEARCH_WINDOW} sessions (the
     * window is read through the {@code (environment_id, created_at, id)} index, so a search costs at most that many
     * rows). The console's list only; the Sessions API has no such filter.
     */
    public static SessionQuery parseWithSearch(String environmentId, MultivaluedMap<String, String> q) {
        return new SessionQuery(environmentId, q, Instant.now(), true);
    }

    public String sql() {
        return "select s.* from session s where " + where + " order by s.created_at " + (backwards ? "asc" : "desc")
                + ", s.id " + (backwards ? "asc" : "desc") + " limit " + (size + 1);
    }

    public List<Object> parameters() {
        return params;
    }

    public int size() {
        return size;
    }

    public boolean backwards() {
        return backwards;
    }

    public boolean hasCursor() {
        return hasCursor;
    }

    public static String cursor(Instant createdAt, String id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private Object[] decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int i = s.indexOf(':');
            long millis = Long.parseLong(s.substring(0, i));
            if (!inRange(millis)) {
                throw new IllegalArgumentException("cursor time out of range");
            }
            return new Object[]{new Timestamp(millis), s.substring(i + 1)};
        } catch (RuntimeException e) {
            detail("page", "invalid cursor");
            return null;
        }
    }

    private int pageSize(String v) {
        if (v == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        detail("page[size]", "must be an integer from 1 to 100");
        return 20;
    }

    private void inList(MultivaluedMap<String, String> q, String param, String column) {
        List<String> v = values(q, param);
        if (!v.isEmpty()) {
            where.append(" and ").append(column).append(" in (").append(placeholders(v.size())).append(")");
            params.addAll(v);
        }
    }

    private void status(List<String> statuses, Instant now) {
        if (statuses.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (String st : statuses) {
            switch (st) {
                case "ACTIVE" -> {
                    parts.add("(s.closed_at is null and (s.expires_at is null or s.expires_at > ?))");
                    params.add(Timestamp.from(now));
                }
                case "CLOSED" -> parts.add("(s.closed_at is not null)");
                case "EXPIRED" -> {
                    parts.add("(s.closed_at is null and s.expires_at is not null and s.expires_at <= ?)");
                    params.add(Timestamp.from(now));
                }
                default -> detail("filter[status]", "must be one of " + STATUSES);
            }
        }
        if (!parts.isEmpty()) {
            where.append(" and (").append(String.join(" or ", parts)).append(")");
        }
    }

    private void search(String environmentId, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String t = text.strip();
        if (t.length() > 100) {
            detail("filter[search]", "must be at most 100 characters");
            return;
        }
        String like = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        where.append(" and s.id in (select w.id from session w where w.environment_id = ?")
                .append(" order by w.created_at desc, w.id desc limit ").append(SEARCH_WINDOW).append(")")
                .append(" and (s.friendly_id ilike ? or s.external_id ilike ? or s.task_identifier ilike ?")
                .append(" or exists (select 1 from session_tag t where t.session_id = s.id and t.tag ilike ?))");
        params.add(environmentId);
        for (int i = 0; i < 4; i++) {
            params.add(like);
        }
    }

    private void createdAt(MultivaluedMap<String, String> q, Instant now) {
        String period = q.getFirst("filter[createdAt][period]");
        if (period != null) {
            Matcher m = PERIOD.matcher(period.trim());
            if (!m.matches()) {
                detail("filter[createdAt][period]", "must look like 30m, 12h, 7d or 2w");
            } else if (m.group(1).length() > 9) {
                detail("filter[createdAt][period]", "is too long");
            } else {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
                long since = now.toEpochMilli() - Math.min(d.toMillis(), now.toEpochMilli() - EARLIEST_MILLIS);
                where.append(" and s.created_at >= ?");
                params.add(new Timestamp(since));
            }
        }
        epoch(q.getFirst("filter[createdAt][from]"), "filter[createdAt][from]", " and s.created_at >= ?");
        epoch(q.getFirst("filter[createdAt][to]"), "filter[createdAt][to]", " and s.created_at <= ?");
    }

    private void epoch(String v, String name, String clause) {
        if (v == null) {
            return;
        }
        try {
            long millis = Long.parseLong(v.trim());
            if (!inRange(millis)) {
                detail(name, "must be epoch milliseconds from year 1 to 9999");
                return;
            }
            params.add(new Timestamp(millis));
            where.append(clause);
        } catch (NumberFormatException e) {
            detail(name, "must be epoch milliseconds");
        }
    }

    private static boolean inRange(long epochMillis) {
        return epochMillis >= EARLIEST_MILLIS && epochMillis <= LATEST_MILLIS;
    }

    private static List<String> values(MultivaluedMap<String, String> q, String param) {
        List<String> raw = q.get(param);
        if (raw == null) {
            return List.of();
        }
        return raw.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(s -> !s.isEmpty())
                .limit(100).toList();
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private void detail(String param, String message) {
        details.add(param + ": " + message);
    }
}
