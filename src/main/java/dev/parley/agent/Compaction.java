package dev.parley.agent;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import dev.parley.models.control.ModelMessages;
import dev.parley.models.control.OpenAiRequests;
import dev.parley.platform.Ids;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps a long conversation under the model's context budget, at two places. Between turns (a request given to
 * {@code turn.stream} carries it): once the stored history is estimated at {@code tokenThreshold} tokens or more at
 * the end of a turn, the run's history itself is replaced, once, by a summary message followed by the most recent
 * messages, and later turns start from that ({@link #compactHistory}); {@link Turn#compact} does the same on request
 * (a user's compact action). Inside one turn's tool loop: once a model call of the turn used at least
 * {@code tokenThreshold} tokens, the loop's own view of the history is summarised before the next call
 * ({@link #compact}; not stored). Either way the cut is moved back to a user message, so a tool result is never kept
 * without its call, and {@code onCompacted} hears about the loop's compactions.
 */
public record Compaction(long tokenThreshold, int keepRecent, Summarizer summarizer, Consumer<Compacted> onCompacted) {

    public static final String SUMMARY_PREFIX = "Summary of the earlier conversation:\n";

    /** Why a history was compacted: what {@link PrepareMessages} is told. */
    public enum Reason {
        /** the stored history reached the threshold at the end of a turn (or, still, before a turn's model call) */
        THRESHOLD,
        /** on request ({@link Turn#compact}, e.g. from a user's compact action) */
        REQUESTED,
        /** inside this turn's tool loop: a model call reached the threshold (the stored history is unchanged) */
        WITHIN_TURN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A stored history replaced by a summary: the new history (the summary message first), the sizes before and
     * after (messages, and tokens as {@link #estimate(List)} counts them), and what the summary call spent.
     */
    public record HistoryCompacted(Reason reason, List<UIMessage> messages, int messagesBefore, int messagesAfter,
                                   long tokensBefore, long tokensAfter, Usage usage) {
        public HistoryCompacted {
            messages = List.copyOf(messages);
        }
    }

    @FunctionalInterface
    public interface Summarizer {
        Summary summarize(List<ModelMessage> older, AbortSignal abort);
    }

    public record Summary(String text, Usage usage) {
    }

    /** What was folded: the summary and how many messages there were before and after. */
    public record Compacted(String summary, int messagesBefore, int messagesAfter, Usage usage) {
    }

    public record Result(List<ModelMessage> messages, Usage usage) {
    }

    public Compaction {
        Objects.requireNonNull(summarizer, "summarizer");
        onCompacted = onCompacted == null ? c -> { } : onCompacted;
        if (tokenThreshold < 1 || keepRecent < 1) {
            throw new IllegalArgumentException("tokenThreshold and keepRecent must be positive");
        }
    }

    /** Summarises with {@code model} itself, keeping the last 6 messages verbatim. */
    public static Compaction withModel(LanguageModel model, long tokenThreshold, Consumer<Compacted> onCompacted) {
        return new Compaction(tokenThreshold, 6, modelSummarizer(model), onCompacted);
    }

    public static Summarizer modelSummarizer(LanguageModel model) {
        return (older, abort) -> {
            List<ModelMessage> messages = new ArrayList<>(older);
            messages.add(ModelMessage.User.text("Write the summary now."));
            StringBuilder text = new StringBuilder();
            Usage[] usage = {Usage.ZERO};
            model.stream(new ModelRequest("Summarise the conversation so far for your own later use. Keep facts, "
                    + "decisions, names, numbers and open questions; leave out pleasantries. Be brief.", messages),
                    abort, e -> {
                        switch (e) {
                            case ModelEvent.TextDelta d -> text.append(d.text());
                            case ModelEvent.Finish f -> usage[0] = f.usage();
                            default -> {
                            }
                        }
                    });
            return new Summary(text.toString().strip(), usage[0]);
        };
    }

    /**
     * The history to use instead of {@code history}, or null when no compaction is due or possible.
     * {@code measuredTokens} is what the previous call of this turn used (0 before the first call).
     */
    public Result compact(String system, List<ModelMessage> history, List<ModelMessage> current, long measuredTokens,
                   AbortSignal abort) {
        long tokens = measuredTokens > 0 ? measuredTokens : estimate(system, history) + estimate(null, current);
        if (tokens < tokenThreshold) {
            return null;
        }
        int cut = Math.max(0, history.size() - keepRecent);
        while (cut > 0 && !(history.get(cut) instanceof ModelMessage.User)) {
            cut--;
        }
        if (cut == 0) {
            return null;
        }
        Summary summary = summarizer.summarize(history.subList(0, cut), abort);
        List<ModelMessage> out = new ArrayList<>();
        out.add(new ModelMessage.System(SUMMARY_PREFIX + summary.text()));
        out.addAll(history.subList(cut, history.size()));
        onCompacted.accept(new Compacted(summary.text(), history.size(), out.size(), summary.usage()));
        return new Result(out, summary.usage());
    }

    /**
     * The run's history with everything before the most recent {@code keepRecent} messages (the cut moved back to a
     * user message) folded into one system message, or null when nothing is to be folded: for {@link
     * Reason#THRESHOLD} also while the history is estimated under {@code tokenThreshold}. The summary message's
     * metadata says why ({@code {"compaction":{"reason":…}}}), so a later turn knows its history was compacted.
     */
    public HistoryCompacted compactHistory(List<UIMessage> history, Reason reason, AbortSignal abort) {
        long before = estimate(history);
        if (reason == Reason.THRESHOLD && before < tokenThreshold) {
            return null;
        }
        int cut = Math.max(0, history.size() - keepRecent);
        while (cut > 0 && history.get(cut).role() != Role.USER) {
            cut--;
        }
        if (cut == 0) {
            return null;
        }
        Summary summary = summarizer.summarize(ModelMessages.from(history.subList(0, cut), Tools.NONE), abort);
        JsonObject why = Json.createObjectBuilder().add("compaction", Json.createObjectBuilder()
                .add("reason", reason.wire()).add("messagesFolded", cut)).build();
        List<UIMessage> out = new ArrayList<>();
        out.add(new UIMessage("summary_" + Ids.random(16), Role.SYSTEM,
                List.of(new UIPart.Text(SUMMARY_PREFIX + summary.text())), why));
        out.addAll(history.subList(cut, history.size()));
        return new HistoryCompacted(reason, out, history.size(), out.size(), before, estimate(out), summary.usage());
    }

    /** Why {@code history} is a compacted one (its first message is a summary), or null. */
    public static Reason reasonOf(List<UIMessage> history) {
        if (history.isEmpty() || history.getFirst().role() != Role.SYSTEM
                || !(history.getFirst().metadata() instanceof JsonObject m)
                || !(m.get("compaction") instanceof JsonObject c) || c.get("reason") == null
                || c.get("reason").getValueType() != JsonValue.ValueType.STRING) {
            return null;
        }
        String wire = c.getString("reason");
        for (Reason r : Reason.values()) {
            if (r.wire().equals(wire)) {
                return r;
            }
        }
        return null;
    }

    /** The tokens of a stored history, estimated as the model would get it (about four characters a token). */
    public static long estimate(List<UIMessage> history) {
        return estimate(null, ModelMessages.from(history, Tools.NONE));
    }

    /** About four characters per token; only used before a measured count exists. */
    static long estimate(String system, List<ModelMessage> messages) {
        long chars = system == null ? 0 : system.length();
        for (ModelMessage m : messages) {
            chars += switch (m) {
                case ModelMessage.System s -> s.text().length();
                case ModelMessage.User u -> length(u.content());
                case ModelMessage.Assistant a -> length(a.content());
                case ModelMessage.ToolResults r -> r.results().stream()
                        .mapToLong(x -> OpenAiRequests.text(x.output()).length()).sum();
            };
        }
        return chars / 4;
    }

    private static long length(List<Content> content) {
        long n = 0;
        for (Content c : content) {
            n += switch (c) {
                case Content.Text t -> t.text().length();
                case Content.Reasoning r -> r.text().length();
                case Content.ToolCall call -> call.input().toString().length();
                case Content.File f -> 1000;
                case Content.ToolResult r -> OpenAiRequests.text(r.output()).length();
            };
        }
        return n;
    }
}
