package dev.parley.agent;

/**
 * Per-call options; null means the provider's default. {@code thinkingBudget} enables Anthropic extended thinking
 * with that many tokens; {@code promptCaching} places Anthropic cache breakpoints (OpenAI caches on its own).
 */
public record ModelOptions(Integer maxOutputTokens, Double temperature, Integer thinkingBudget,
                           Boolean promptCaching) {

    public static final ModelOptions DEFAULTS = new ModelOptions(null, null, null, null);

    public ModelOptions withMaxOutputTokens(Integer n) {
        return new ModelOptions(n, temperature, thinkingBudget, promptCaching);
    }

    public ModelOptions withTemperature(Double t) {
        return new ModelOptions(maxOutputTokens, t, thinkingBudget, promptCaching);
    }

    public ModelOptions withThinkingBudget(Integer tokens) {
        return new ModelOptions(maxOutputTokens, temperature, tokens, promptCaching);
    }

    public ModelOptions withPromptCaching(Boolean on) {
        return new ModelOptions(maxOutputTokens, temperature, thinkingBudget, on);
    }
}
