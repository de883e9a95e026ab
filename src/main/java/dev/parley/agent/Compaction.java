package dev.parley.agent;

import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelEvent;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import dev.parley.models.control.OpenAiRequests;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keeps a long conversation under the model's context budget. Before each model call the loop asks
 * {@link #compact}: once the last call used at least {@code tokenThreshold} tokens (or, before any call, the
 * estimate says so), the older history is summarised into one system message and only the most recent exchanges
 * are kept verbatim. The cut is moved back to a user message, so a tool result is never kept without its call.
 * {@code onCompacted} hears about it so the agent can rewrite its stored history too.
 */
public record Compaction(long tokenThreshold, int keepRecent, Summarizer summarizer, Consumer<Compacted> onCompacted) {

    public static final String SUMMARY_PREFIX = "Summary of the earlier conversation:\n";

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
