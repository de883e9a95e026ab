package dev.parley.it.probe;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Turn;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Test deployments only: a turn that writes the chat store after its run may have lost the chat. It marks the
 * "ready" slot with its run, waits for a client to set the "go" slot (meanwhile the test takes the run's lease away),
 * then, if "go" names its own run, tries to write "after" and logs what happened for the test to read. A recovery run
 * (another run id) answers without writing.
 */
@ChatAgent(id = "it-store-fence")
public class StoreFenceProbeAgent implements Agent {

    private static final Logger LOG = Logger.getLogger(StoreFenceProbeAgent.class.getName());

    public record Mark(String run) {
    }

    @Override
    public void run(Turn turn) {
        turn.store().slot("ready", Mark.class).set(new Mark(turn.runId()));
        Optional<Mark> go = Optional.empty();
        while (go.isEmpty() && !turn.stopSignal().aborted()) {
            LockSupport.parkNanos(20_000_000L); // a probe waiting for its test's move, not a production pattern
            go = turn.store().slot("go", Mark.class).get();
        }
        if (go.isEmpty() || !go.get().run().equals(turn.runId())) {
            return;
        }
        String outcome;
        try {
            turn.store().slot("after", Mark.class).set(new Mark(turn.runId()));
            outcome = "stored";
        } catch (IllegalStateException refused) {
            outcome = "refused: " + refused.getMessage();
        }
        LOG.info("store fence probe " + turn.chatId() + " " + outcome);
    }
}
