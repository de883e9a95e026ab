package dev.parley.console.control;

import dev.parley.sessions.control.SessionUsage;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.control.Turns;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import dev.parley.telemetry.control.TurnTraces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds one turn on a session's {@code .out} (the records after the previous {@code turn-complete} up to its own) and
 * reads what else is stored about it: the {@code .in} record it answered, the run that wrote it, its trace id and
 * model calls ({@link TurnTraces}) and, for the session's latest turn only, its token usage. Older turns disappear
 * once a later turn's trim has been swept.
 */
@ApplicationScoped
@Transactional
public class SessionTurns {

    /** A turn longer than this (records) is shown up to here. */
    static final int MAX_RECORDS = 5_000;
    private static final int PAGE = 500;

    @Inject
    RecordReader reader;

    @Inject
    SessionUsage usage;

    @Inject
    TurnTraces traces;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    /** The turn holding {@code .out} seq {@code seq}, or null when no record with that seq is stored. */
    public JsonObject turn(String sessionId, long seq) {
        if (reader.range(sessionId, Io.OUT, seq, seq, 1).isEmpty()) {
            return null;
        }
        StreamRecord previous = seq == 0 ? null : reader.lastControl(sessionId, Io.OUT, "turn-complete", seq - 1);
        List<StreamRecord> records = new ArrayList<>();
        boolean truncated = read(sessionId, previous == null ? 0 : previous.seq() + 1, seq, records);
        if (records.isEmpty()) {
            return null;
        }
        StreamRecord last = records.getLast();
        boolean complete = "turn-complete".equals(last.controlSubtype());
        long inSeq = complete ? Turns.answeredInSeq(last) : -1;
        StreamRecord answered = inSeq < 0 ? null : reader.range(sessionId, Io.IN, inSeq, inSeq, 1).stream().findFirst().orElse(null);

        Optional<TurnTraces.Stored> stored = complete ? traces.of(sessionId, last.seq()) : Optional.empty();
        JsonArray modelCalls = stored.map(TurnTraces.Stored::modelCalls).orElse(null);
        JsonObject timeline = TurnTimeline.of(records, answered, modelCalls);
        JsonObjectBuilder out = Json.createObjectBuilder(timeline).add("truncated", truncated)
                .add("previousTurnComplete", previous == null ? JsonValue.NULL : Json.createValue(previous.seq()));
        String run = runAt(sessionId, records.getFirst().timestamp());
        out.add("run", run == null ? JsonValue.NULL : Json.createValue(run));
        StreamRecord newest = reader.lastControl(sessionId, Io.OUT, "turn-complete", Long.MAX_VALUE - 1);
        boolean latest = complete && newest != null && newest.seq() == last.seq();
        out.add("usage", latest ? SessionUsage.json(usage.of(sessionId).previousTurn()) : JsonValue.NULL);
        out.add("trace", trace(stored.orElse(null), run));
        return out.build();
    }

    /** The turn span's ids when stored (telemetry on); the log fields that find the turn's lines either way. */
    private static JsonObject trace(TurnTraces.Stored stored, String run) {
        boolean traced = stored != null && stored.traceId() != null;
        return Json.createObjectBuilder().add("stored", traced)
                .add("traceId", traced ? Json.createValue(stored.traceId()) : JsonValue.NULL)
                .add("spanId", traced ? Json.createValue(stored.spanId()) : JsonValue.NULL)
                .add("logFields", logFields(run, traced ? stored.traceId() : null))
                .build();
    }

    private static JsonObject logFields(String run, String traceId) {
        JsonObjectBuilder fields = Json.createObjectBuilder();
        if (run != null) {
            fields.add("parley_run", run);
        }
        if (traceId != null) {
            fields.add("trace_id", traceId);
        }
        return fields.build();
    }

    /** Reads from {@code from} through the first turn-complete at or after {@code seq}; true when cut at the cap. */
    private boolean read(String sessionId, long from, long seq, List<StreamRecord> into) {
        long cursor = from;
        while (true) {
            List<StreamRecord> page = reader.page(sessionId, Io.OUT, cursor, Long.MAX_VALUE - 1, PAGE);
            if (page.isEmpty()) {
                return false;
            }
            for (StreamRecord r : page) {
                if (r.command()) {
                    continue;
                }
                into.add(r);
                if (r.seq() >= seq && "turn-complete".equals(r.controlSubtype())) {
                    return false;
                }
                if (into.size() >= MAX_RECORDS) {
                    return true;
                }
            }
            cursor = page.getLast().seq() + 1;
        }
    }

    /** The run of the session triggered last at or before {@code millis}: the one that wrote a turn starting then. */
    private String runAt(String sessionId, long millis) {
        @SuppressWarnings("unchecked")
        List<Object> ids = em.createNativeQuery("""
                        select friendly_id from session_run where session_id = ? and triggered_at <= to_timestamp(? / 1000.0)
                        order by triggered_at desc, id desc limit 1""")
                .setParameter(1, sessionId).setParameter(2, millis).getResultList();
        return ids.isEmpty() ? null : (String) ids.getFirst();
    }
}
