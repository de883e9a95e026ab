package dev.parley.models.entity;

import java.time.Instant;

/**
 * One console change to a code-defined prompt: an {@code override} (new text and model) or a {@code revert} (to the
 * code-defined version when {@code revertedTo} is null, else to the earlier change it names). Old and new values are
 * null where the code-defined text and model were, or are again, in force.
 */
public record PromptChange(long id, String name, int version, String action, String oldTemplate, String oldModel,
                           String newTemplate, String newModel, Long revertedTo, String actor, Instant changedAt) {

    /** True when this change leaves the code-defined text and model in force. */
    public boolean code() {
        return newTemplate == null;
    }
}
