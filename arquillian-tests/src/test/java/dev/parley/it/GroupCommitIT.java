package dev.parley.it;

import dev.parley.it.probe.IoExecutorProbe;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.LongStream;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.append;
import static dev.parley.it.Parley.createChat;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.uniqueChatId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Appends keep committing, and requests keep being answered, when the shared I/O executor has no thread to spare.
 * Under heavy load its threads were all busy, the group commit (then a task on that executor) queued behind them, and
 * the blocked tasks also held every thread of Liberty's shared pool: the node stopped answering for good.
 */
@ExtendWith(ArquillianExtension.class)
class GroupCommitIT {

    /** Far more than the executor's threads (16 by default), so the rest wait in its queue. */
    private static final int OCCUPYING = 1_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(IoExecutorProbe.class);
    }

    @Test
    void appendsCommitWhileEveryThreadOfTheSharedIoExecutorIsBusy() throws Exception {
        String chat = uniqueChatId();
        createChat(chat);
        long before = seqOf(append(chat, "out", delta("before"), KEY));
        List<Long> during;
        String stateAfter;
        try {
            Parley.send("POST", "/it-probe/io-executor/occupy/" + OCCUPYING, null);
            awaitOccupied();
            // three appends, one after another: each needs a commit while no executor thread is free
            during = List.of(seqOf(append(chat, "out", delta("a"), KEY)), seqOf(append(chat, "out", delta("b"), KEY)),
                    seqOf(append(chat, "out", delta("c"), KEY)));
            stateAfter = probeState();
        } finally {
            Parley.send("POST", "/it-probe/io-executor/release", null);
        }
        int started = Integer.parseInt(stateAfter.split("/")[0]);
        assertTrue(started < OCCUPYING, "the executor was still full when the appends were answered: " + stateAfter);
        assertEquals(List.of(before + 1, before + 2, before + 3), during, "committed in order, without gaps");
        List<Long> stored = SseClient.drain(chat, "out", KEY, "Timeout-Seconds", "1").seqs();
        assertEquals(LongStream.rangeClosed(0, before + 3).boxed().toList(), stored, "every answered append is delivered");
    }

    private static long seqOf(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body()).getJsonNumber("seq").longValue();
    }

    private static String delta(String text) {
        return "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + text + "\"}";
    }

    private static String probeState() {
        return Parley.send("GET", "/it-probe/io-executor", null).body().trim();
    }

    private static void awaitOccupied() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (probeState().startsWith("0/")) {
            assertTrue(System.nanoTime() < deadline, "no occupying task started within 20 s");
            Thread.sleep(50);
        }
    }
}
