package dev.parley.test;

import dev.parley.sessions.entity.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kit names a run's states with a type of its own, so tests never import the runtime's: the two stay alike. */
class KitTypesTest {

    @Test
    void theKitsRunStatesAreTheServersRunStates() {
        assertEquals(Arrays.stream(RunStatus.values()).map(Enum::name).toList(),
                Arrays.stream(TestChat.Status.values()).map(Enum::name).toList());
    }
}
