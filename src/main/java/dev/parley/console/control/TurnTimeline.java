package dev.parley.console.control;

import dev.parley.platform.Bodies;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One turn's timeline, rebuilt from the {@code .out} records it wrote and nothing else: model calls are the spans
 * between {@code start-step} and {@code finish-step}, tool calls are followed by their {@code toolCallId} from input
 * to output (or error, approval request, denial), and the turn ends at its {@code turn-complete}. Times are the
 * records' commit timestamps, so a duration is as fine as the group commit that wrote the chunks, never finer.
 * What the records cannot say about a model call (provider, model, tokens, its own duration, retries) comes from the
 * turn's stored model calls, which match the steps one to one: the tool loop opens a step for every call.
 */
public final class TurnTimeline {

    /** Input and output summaries are cut to this many characters. */
    static final int SUMMARY = 240;
    /** Chunk records listed one by one; text and reasoning deltas beyond it are only counted. */
    static final int LISTED = 400;

    private TurnTimeline() {
    }

    /**
     * The timeline of {@code records} (one turn, in seq order, commands left out); {@code answered} is the
     * {@code .in} record the turn answered, or null when it is not stored (any more).
     */
    public static JsonObject of(List<StreamRecord> records, StreamRecord answered) {
        return of(records, answered, null);
    }

    /**
     * As above, with the turn's stored model calls (null when none are stored). They are set on the steps only when
     * there is one per step; otherwise (a turn taken over by another node midway, a turn cut at the record cap) the
     * order proves nothing and they are listed beside the steps only.
     */
    public static JsonObject of(List<StreamRecord> records, StreamRecord answered, JsonArray modelCalls) {
        Builder b = new Builder();
        records.forEach(b::accept);
        return b.build(records, answered, modelCalls);
    }

    private static final class Step {
        final int index;
        final long fromSeq;
        final long startedAt;
        long toSeq = -1;
        long endedAt = -1;
        long textChars;
        long reasoningChars;
        final List<String> toolCalls = new ArrayList<>();

        Step(int index, StreamRecord r) {
            this.index = index;
            this.fromSeq = r.seq();
            this.startedAt = r.timestamp();
        }
    }

    private static final class ToolCall {
        final String id;
        String name;
        Integer step;
        String state = "input-streaming";
        String input;
        String output;
        String error;
        Long inputAt;
        Long endedAt;
        Long approvalRequestedAt;
        /** No input of the call in this turn: its output answers an approval or a client-side call of an earlier one. */
        boolean startedEarlier = true;

        ToolCall(String id) {
            this.id = id;
        }
    }

    private static final class Builder {
        final List<Step> steps = new ArrayList<>();
        final Map<String, ToolCall> tools = new LinkedHashMap<>();
        final JsonArrayBuilder errors = Json.createArrayBuilder();
        final JsonArrayBuilder listed = Json.createArrayBuilder();
        final Map<String, Integer> byType = new TreeMap<>();
        StreamRecord turnComplete;
        StreamRecord firstChunk;
        String end;
        String finishReason;
        String messageId;
        int unlisted;
        int listedSize;
        int count;

        void accept(StreamRecord r) {
            count++;
            String control = r.controlSubtype();
            if (control != null) {
                byType.merge("control:" + control, 1, Integer::sum);
                if ("turn-complete".equals(control)) {
                    turnComplete = r;
                }
                list(r, "control:" + control, null);
                return;
            }
            JsonObject chunk = r.body() != null && Bodies.parse(r.body()) instanceof JsonObject o
                    && o.get("data") instanceof JsonObject c ? c : null;
            String type = chunk == null ? "unreadable" : chunk.getString("type", "unknown");
            byType.merge(type, 1, Integer::sum);
            if (firstChunk == null && chunk != null && !chunk.getBoolean("transient", false)) {
                firstChunk = r;
            }
            boolean delta = type.endsWith("-delta");
            if (!delta || listedSize < LISTED) {
                list(r, type, chunk);
            } else {
                unlisted++;
            }
            if (chunk != null) {
                apply(r, type, chunk);
            }
        }

        private void list(StreamRecord r, String type, JsonObject chunk) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("seq", r.seq()).add("timestamp", r.timestamp())
                    .add("type", type);
            listedSize++;
            if (chunk != null) {
                o.add("chunk", chunk);
            } else if (r.headers() != null) {
                o.add("headers", Bodies.parse(r.withoutAccessToken().headers()));
            }
            listed.add(o);
        }

        private void apply(StreamRecord r, String type, JsonObject c) {
            Step step = steps.isEmpty() || steps.getLast().endedAt >= 0 ? null : steps.getLast();
            switch (type) {
                case "start" -> messageId = c.getString("messageId", null);
                case "start-step" -> steps.add(new Step(steps.size(), r));
                case "finish-step" -> {
                    if (step != null) {
                        step.toSeq = r.seq();
                        step.endedAt = r.timestamp();
                    }
                }
                case "text-delta" -> {
                    if (step != null) {
                        step.textChars += c.getString("delta", "").length();
                    }
                }
                case "reasoning-delta" -> {
                    if (step != null) {
                        step.reasoningChars += c.getString("delta", "").length();
                    }
                }
                case "tool-input-start", "tool-input-available", "tool-input-error" -> toolInput(r, type, c, step);
                case "tool-approval-request" -> tool(c, step).ifPresent(t -> {
                    t.state = "approval-requested";
                    t.approvalRequestedAt = r.timestamp();
                });
                case "tool-output-available" -> tool(c, step).ifPresent(t -> {
                    t.state = "output-available";
                    t.output = summary(c.get("output"));
                    t.endedAt = r.timestamp();
                });
                case "tool-output-error" -> tool(c, step).ifPresent(t -> {
                    t.state = "output-error";
                    t.error = c.getString("errorText", "");
                    t.endedAt = r.timestamp();
                });
                case "tool-output-denied" -> tool(c, step).ifPresent(t -> {
                    t.state = "output-denied";
                    t.endedAt = r.timestamp();
                });
                case "error" -> {
                    errors.add(Json.createObjectBuilder().add("seq", r.seq()).add("timestamp", r.timestamp())
                            .add("text", c.getString("errorText", "")));
                    end = "error";
                }
                case "finish" -> {
                    end = "error".equals(end) ? end : "finish";
                    finishReason = c.getString("finishReason", null);
                }
                case "abort" -> end = "abort";
                default -> { } // text-start/end, data parts, metadata: listed, not part of the timeline
            }
        }

        private void toolInput(StreamRecord r, String type, JsonObject c, Step step) {
            tool(c, step).ifPresent(t -> {
                t.startedEarlier = false;
                t.name = c.getString("toolName", t.name);
                if (!"tool-input-start".equals(type)) {
                    t.input = summary(c.get("input"));
                    t.inputAt = r.timestamp();
                    t.state = "input-available";
                }
                if ("tool-input-error".equals(type)) {
                    t.state = "input-error";
                    t.error = c.getString("errorText", "");
                    t.endedAt = r.timestamp();
                }
            });
        }

        private Optional<ToolCall> tool(JsonObject c, Step step) {
            if (!(c.get("toolCallId") instanceof JsonString id)) {
                return Optional.empty();
            }
            ToolCall t = tools.computeIfAbsent(id.getString(), ToolCall::new);
            if (t.step == null && step != null) {
                t.step = step.index;
                step.toolCalls.add(t.id);
            }
            return Optional.of(t);
        }

        JsonObject build(List<StreamRecord> records, StreamRecord answered, JsonArray modelCalls) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            long from = records.isEmpty() ? -1 : records.getFirst().seq();
            long startedAt = records.isEmpty() ? 0 : records.getFirst().timestamp();
            o.add("fromSeq", from).add("toSeq", records.isEmpty() ? -1 : records.getLast().seq());
            o.add("complete", turnComplete != null).add("startedAt", startedAt);
            if (turnComplete != null) {
                o.add("endedAt", turnComplete.timestamp()).add("durationMs", turnComplete.timestamp() - startedAt);
            } else {
                o.addNull("endedAt").addNull("durationMs");
            }
            o.add("end", end == null ? JsonValue.NULL : Json.createValue(end));
            o.add("finishReason", finishReason == null ? JsonValue.NULL : Json.createValue(finishReason));
            o.add("messageId", messageId == null ? JsonValue.NULL : Json.createValue(messageId));
            o.add("answered", answered(answered));
            if (answered != null && firstChunk != null && firstChunk.timestamp() >= answered.timestamp()) {
                o.add("timeToFirstChunkMs", firstChunk.timestamp() - answered.timestamp());
            } else {
                o.addNull("timeToFirstChunkMs");
            }
            boolean matched = modelCalls != null && modelCalls.size() == steps.size();
            JsonArrayBuilder stepsJson = Json.createArrayBuilder();
            steps.forEach(s -> stepsJson.add(step(s, matched ? modelCalls.get(s.index) : JsonValue.NULL)));
            o.add("modelCalls", modelCalls == null ? JsonValue.NULL : modelCalls);
            JsonArrayBuilder toolsJson = Json.createArrayBuilder();
            tools.values().forEach(t -> toolsJson.add(tool(t)));
            JsonObjectBuilder types = Json.createObjectBuilder();
            byType.forEach(types::add);
            return o.add("steps", stepsJson).add("tools", toolsJson).add("errors", errors)
                    .add("chunks", Json.createObjectBuilder().add("count", count).add("byType", types)
                            .add("unlistedDeltas", unlisted).add("records", listed))
                    .build();
        }

        private static JsonValue answered(StreamRecord in) {
            if (in == null) {
                return JsonValue.NULL;
            }
            JsonObjectBuilder a = Json.createObjectBuilder().add("seq", in.seq()).add("timestamp", in.timestamp());
            if (in.body() != null && Bodies.parse(in.body()) instanceof JsonObject o && o.get("data") instanceof JsonString raw
                    && Bodies.parse(raw.getString()) instanceof JsonObject msg) {
                a.add("kind", msg.getString("kind", "unknown"));
                if (msg.get("payload") instanceof JsonObject p) {
                    a.add("trigger", p.getString("trigger", ""));
                }
            }
            return a.build();
        }

        private static JsonObject step(Step s, JsonValue modelCall) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("index", s.index).add("fromSeq", s.fromSeq)
                    .add("startedAt", s.startedAt).add("textChars", s.textChars).add("reasoningChars", s.reasoningChars);
            if (s.endedAt >= 0) {
                o.add("toSeq", s.toSeq).add("endedAt", s.endedAt).add("durationMs", s.endedAt - s.startedAt);
            } else {
                o.addNull("toSeq").addNull("endedAt").addNull("durationMs");
            }
            JsonArrayBuilder calls = Json.createArrayBuilder();
            s.toolCalls.forEach(calls::add);
            return o.add("toolCalls", calls).add("modelCall", modelCall).build();
        }

        private static JsonObject tool(ToolCall t) {
            JsonObjectBuilder o = Json.createObjectBuilder().add("toolCallId", t.id).add("state", t.state)
                    .add("startedInEarlierTurn", t.startedEarlier);
            o.add("toolName", text(t.name)).add("input", text(t.input)).add("output", text(t.output))
                    .add("error", text(t.error));
            o.add("step", t.step == null ? JsonValue.NULL : Json.createValue(t.step));
            o.add("inputAt", number(t.inputAt)).add("endedAt", number(t.endedAt))
                    .add("approvalRequestedAt", number(t.approvalRequestedAt));
            o.add("durationMs", t.inputAt != null && t.endedAt != null ? Json.createValue(t.endedAt - t.inputAt) : JsonValue.NULL);
            return o.build();
        }
    }

    /** A JSON value as compact text, cut to {@link #SUMMARY} characters. */
    static String summary(JsonValue v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof JsonString str ? str.getString() : v.toString();
        return s.length() <= SUMMARY ? s : s.substring(0, SUMMARY - 1) + "…";
    }

    private static JsonValue text(String s) {
        return s == null ? JsonValue.NULL : Json.createValue(s);
    }

    private static JsonValue number(Long n) {
        return n == null ? JsonValue.NULL : Json.createValue(n);
    }
}
