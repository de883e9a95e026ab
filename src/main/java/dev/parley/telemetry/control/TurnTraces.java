package dev.parley.telemetry.control;

import dev.parley.telemetry.entity.ModelCall;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The table {@code turn_trace}: a turn's trace id and model calls, stored once per turn with its turn-complete (never
 * per chunk), so the console's turn view can name the trace the OpenTelemetry backend holds and what each model call
 * cost. A turn closed off its own thread (a hung turn closed by its deadline) has no current span and stores nothing.
 */
@ApplicationScoped
public class TurnTraces {

    /** A turn's stored telemetry: ids null while telemetry is off, model calls as {@link ModelCall#toJson()}. */
    public record Stored(String traceId, String spanId, JsonArray modelCalls) {
    }

    @Resource(lookup = "jdbc/parley")
    DataSource dataSource;

    /**
     * Stores the calling thread's turn under its turn-complete at {@code turnComplete}, and deletes the rows of the
     * turns before {@code previousTurnComplete}, which the same transaction trims from {@code .out}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCurrentTurn(String sessionId, long turnComplete, Long previousTurnComplete) {
        TurnSpan turn = TurnSpan.current();
        if (turn == null) {
            return;
        }
        JsonArrayBuilder calls = Json.createArrayBuilder();
        turn.modelCalls().forEach(c -> calls.add(c.toJson()));
        boolean traced = turn.context().isValid();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into turn_trace (session_id, turn_complete_seq, trace_id, span_id, model_calls)
                    values (?, ?, ?, ?, ?::jsonb) on conflict (session_id, turn_complete_seq) do update
                    set trace_id = excluded.trace_id, span_id = excluded.span_id, model_calls = excluded.model_calls""")) {
                ps.setString(1, sessionId);
                ps.setLong(2, turnComplete);
                ps.setString(3, traced ? turn.context().getTraceId() : null);
                ps.setString(4, traced ? turn.context().getSpanId() : null);
                ps.setString(5, calls.build().toString());
                ps.executeUpdate();
            }
            if (previousTurnComplete != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "delete from turn_trace where session_id = ? and turn_complete_seq < ?")) {
                    ps.setString(1, sessionId);
                    ps.setLong(2, previousTurnComplete);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing the trace of the turn at " + turnComplete + " of " + sessionId + " failed", e);
        }
    }

    /** The stored telemetry of the turn whose turn-complete is {@code turnComplete}, if any. */
    @Transactional
    public Optional<Stored> of(String sessionId, long turnComplete) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select trace_id, span_id, model_calls from turn_trace where session_id = ? and turn_complete_seq = ?")) {
            ps.setString(1, sessionId);
            ps.setLong(2, turnComplete);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try (JsonReader calls = Json.createReader(new StringReader(rs.getString(3)))) {
                    return Optional.of(new Stored(rs.getString(1), rs.getString(2), calls.readArray()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the trace of the turn at " + turnComplete + " of " + sessionId + " failed", e);
        }
    }
}
