package dev.parley.agent.model;

/**
 * Token counts of one or more model calls. {@code inputTokens} counts the whole prompt, cached parts included
 * (OpenAI reports it so; Anthropic's uncached, cache-read and cache-write counts are added up), so that
 * {@code inputTokens} compares across providers and {@code cacheReadTokens} is the share that was cheap.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    public Usage plus(Usage o) {
        return o == null ? this : new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens,
                reasoningTokens + o.reasoningTokens);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
