package dev.parley.models.control;

import dev.parley.agent.Prompt;
import dev.parley.agent.Prompts;
import dev.parley.agent.StreamRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptsTest {

    private final Prompts prompts = Prompts.of(
            new Prompt("support", 1, "You help {{customer}}."),
            new Prompt("support", 2, "You help {{ customer }} with order {{order.id}}. Say $1 and \\n literally."));

    @Test
    void rendersVariablesIncludingCharactersRegexReplacementTreatsSpecially() {
        assertEquals("You help Ana with order 7. Say $1 and \\n literally.",
                prompts.get("support").render(Map.of("customer", "Ana", "order.id", 7)));
        assertEquals("You help $5 \\o/.", prompts.get("support", 1).render(Map.of("customer", "$5 \\o/")));
    }

    @Test
    void aMissingVariableIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prompts.get("support").render(Map.of("customer", "Ana")));
        assertTrue(e.getMessage().contains("order.id"), e.getMessage());
    }

    @Test
    void versionsArePinnedOrLatestAndNeverOverwritten() {
        assertEquals(2, prompts.get("support").version());
        assertEquals(List.of("customer", "order.id"), List.copyOf(prompts.get("support").variables()));
        assertThrows(IllegalArgumentException.class, () -> prompts.register(new Prompt("support", 2, "x")));
        assertThrows(IllegalArgumentException.class, () -> prompts.get("support", 3));
        assertThrows(IllegalArgumentException.class, () -> prompts.get("sales"));
    }

    @Test
    void aStreamRequestCanTakeARenderedPrompt() {
        StreamRequest r = StreamRequest.builder().system(prompts.get("support", 1), Map.of("customer", "Bo")).build();
        assertEquals("You help Bo.", r.system());
    }
}
