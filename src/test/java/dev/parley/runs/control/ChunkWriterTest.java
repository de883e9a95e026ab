package dev.parley.runs.control;

import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkWriterTest {

    /**
     * A channel in memory behind one commit thread, as the group commit is: assigns seqs like the appender, remembers
     * each batch, and completes a batch's stage on its own thread. A closed gate holds the commit in flight.
     */
    static final class Channel implements ChunkWriter.Flush {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> firsts = Collections.synchronizedList(new ArrayList<>());
        final ExecutorService committer;
        long next;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile RuntimeException fail;
        /** Every batch committed in the caller, as the offline kit does. */
        boolean inline;
        /** The threads that called {@link #commit}: a turn's thread only for its first batch. */
        final List<String> callers = Collections.synchronizedList(new ArrayList<>());

        Channel(ExecutorService committer) {
            this.committer = committer;
        }

        @Override
        public CompletionStage<List<StreamRecord>> commit(List<NewRecord> batch, boolean first) {
            callers.add(Thread.currentThread().getName());
            if (first || inline) {
                return CompletableFuture.completedFuture(write(batch, first)); // the turn-start transaction, in the caller
            }
            return CompletableFuture.supplyAsync(() -> write(batch, false), committer);
        }

        private List<StreamRecord> write(List<NewRecord> batch, boolean first) {
            entered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail != null) {
                throw fail;
            }
            synchronized (this) {
                firsts.add(first);
                List<String> bodies = new ArrayList<>();
                List<StreamRecord> out = new ArrayList<>();
                for (NewRecord r : batch) {
                    bodies.add(r.body().replaceAll(",\"id\":\"[^\"]*\"}$", "}"));
                    out.add(new StreamRecord(next++, 0, r.headers(), r.body()));
                }
                batches.add(bodies);
                return out;
            }
        }

        List<String> all() {
            synchronized (batches) {
                return batches.stream().flatMap(List::stream).toList();
            }
        }
    }

    private final ExecutorService commitThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "committer"));

    @AfterEach
    void stop() {
        commitThread.shutdownNow();
    }

    private static List<String> numbered(int n) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("{\"data\":{\"n\":" + i + "}}");
        }
        return expected;
    }

    @Test
    void everyChunkIsCommittedOnceInOrderAndFinishReportsTheLastSeq() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        for (int i = 0; i < 500; i++) {
            w.write("{\"n\":" + i + "}");
        }
        assertEquals(499, w.finish());
        assertEquals(numbered(500), ch.all());
        assertEquals(Boolean.TRUE, ch.firsts.get(0), "the first batch is marked first");
        assertTrue(ch.firsts.subList(1, ch.firsts.size()).stream().noneMatch(f -> f), "and only the first");
    }

    @Test
    void theOpeningChunksWaitForTheFirstContentSoTheyCommitTogether() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"type\":\"start\",\"messageId\":\"m\"}");
        w.write("{\"type\":\"start-step\"}");
        w.write("{\"type\":\"text-start\",\"id\":\"t\"}");
        assertEquals(0, ch.batches.size(), "nothing a reader would show is committed alone");
        w.write("{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"hi\"}");
        assertEquals(1, ch.batches.size(), "the first content commits at once, with the openers");
        assertEquals(4, ch.batches.get(0).size());
        assertEquals(Boolean.TRUE, ch.firsts.get(0));
        w.finish();
        assertEquals(1, ch.batches.size());
    }

    @Test
    void aTurnThatEndsBeforeAnyContentStillCommitsItsOpeners() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"type\":\"start\"}");
        assertEquals(0, w.finish());
        assertEquals(List.of(List.of("{\"data\":{\"type\":\"start\"}}")), ch.batches);
    }

    @Test
    void batchesStayBelowTheCapSoEveryTurnTakesItsTurnAtTheGroupCommit() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"type\":\"start\"}");
        w.write("{\"n\":0}");
        ch.gate = new CountDownLatch(1);
        for (int i = 1; i < 1_000; i++) {
            w.write("{\"n\":" + i + "}");
        }
        ch.gate.countDown();
        assertEquals(1_000, w.finish());
        assertTrue(ch.batches.stream().allMatch(b -> b.size() <= ChunkWriter.MAX_BATCH), "at most " + ChunkWriter.MAX_BATCH);
        assertEquals(1_001, ch.all().size());
    }

    @Test
    void chunksWrittenWhileACommitIsInFlightGoInTheNextBatch() throws Exception {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"n\":0}"); // the first batch, committed on this thread
        ch.gate = new CountDownLatch(1);
        w.write("{\"n\":1}");
        w.write("{\"n\":2}"); // the second batch ({"n":1}) is in flight, held at the gate
        assertTrue(ch.entered.await(5, TimeUnit.SECONDS));
        for (int i = 3; i < 10; i++) {
            w.write("{\"n\":" + i + "}");
        }
        ch.gate.countDown();
        assertEquals(9, w.finish());
        assertEquals(3, ch.batches.size(), "group commit: " + ch.batches);
        assertEquals(8, ch.batches.get(2).size(), "everything written during the second commit went in the third");
        assertEquals(numbered(10), ch.all());
    }

    /** The turn's thread is free while its chunks commit: it hands batches over and never runs or waits for them. */
    @Test
    void onlyTheFirstBatchIsCommittedOnTheWritersThreadAndWritesDoNotWaitForCommits() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"n\":0}");
        ch.gate = new CountDownLatch(1);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 1; i < 1_000; i++) {
                w.write("{\"n\":" + i + "}"); // a write that waited for the held commit would never return
            }
        });
        ch.gate.countDown();
        assertEquals(999, w.finish());
        assertEquals(numbered(1_000), ch.all());
        assertEquals(Thread.currentThread().getName(), ch.callers.getFirst(), "the first batch, on the writer's thread");
        assertTrue(ch.callers.size() > 3, "several batches: " + ch.callers.size());
        // the second was sent by the writing thread (none was in flight); the ones written meanwhile by the completions
        assertTrue(ch.callers.subList(2, ch.callers.size()).stream().allMatch("committer"::equals), ch.callers.toString());
    }

    @Test
    void aFullBufferMakesTheWriterWaitUntilTheCommitInFlightMakesRoom() throws Exception {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"n\":0}");
        w.write("{\"n\":1}");
        ch.gate = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "turn"));
        try {
            Thread[] turn = new Thread[1];
            Future<Long> done = writer.submit(() -> {
                turn[0] = Thread.currentThread();
                for (int i = 2; i < 5_000; i++) {
                    w.write("{\"n\":" + i + "}");
                }
                return w.finish();
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((turn[0] == null || turn[0].getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, turn[0].getState(), "the writer waits on a full buffer");
            assertTrue(ch.all().size() < 5_000);
            ch.gate.countDown();
            assertEquals(4_999, done.get(10, TimeUnit.SECONDS));
            assertEquals(numbered(5_000), ch.all());
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aFailedCommitFailsTheNextWriteAndFinish() {
        Channel ch = new Channel(commitThread);
        ChunkWriter w = new ChunkWriter(ch);
        w.write("{\"n\":0}");
        w.write("{\"n\":1}");
        ch.fail = new IllegalStateException("database down");
        w.write("{\"n\":2}");
        IllegalStateException failed = assertThrows(IllegalStateException.class, w::finish);
        assertEquals("database down", failed.getMessage(), "the cause itself, not its completion wrapper");
        assertThrows(IllegalStateException.class, () -> w.write("{\"n\":3}"));
    }

    @Test
    void aCommitThatThrowsInsteadOfFailingItsStageIsReportedToo() {
        ChunkWriter w = new ChunkWriter((batch, first) -> {
            throw new IllegalStateException("no connection");
        });
        w.write("{\"type\":\"start\"}");
        w.write("{\"n\":0}");
        assertEquals("no connection", w.settle().getMessage());
        assertTrue(!w.committedAny());
    }

    @Test
    void anErrorInACommitIsReportedInsteadOfLeavingFinishWaiting() {
        ChunkWriter w = new ChunkWriter((batch, first) -> CompletableFuture.failedFuture(new StackOverflowError()));
        w.write("{\"type\":\"start\"}");
        w.write("{\"n\":0}");
        RuntimeException failure = w.settle();
        assertTrue(failure != null && failure.getCause() instanceof StackOverflowError, String.valueOf(failure));
        assertTrue(!w.committedAny());
    }

    /** The offline kit commits in the caller: stages complete at once, and a long buffer must not nest deeply. */
    @Test
    void stagesThatCompleteAtOnceCommitEveryChunkInOrder() {
        Channel ch = new Channel(commitThread);
        ch.inline = true;
        ChunkWriter w = new ChunkWriter(ch);
        for (int i = 0; i < 20_000; i++) {
            w.write("{\"n\":" + i + "}");
        }
        assertEquals(19_999, w.finish());
        assertEquals(numbered(20_000), ch.all());
    }

    /** Eight turns at once share one commit thread, as every turn of a node shares the group commit. */
    @Test
    void turnsSharingOneCommitThreadEachCommitEveryChunkInOrder() throws Exception {
        ExecutorService turns = Executors.newFixedThreadPool(8);
        try {
            List<Channel> channels = new ArrayList<>();
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Channel ch = new Channel(commitThread);
                channels.add(ch);
                ChunkWriter w = new ChunkWriter(ch);
                done.add(turns.submit(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        w.write("{\"n\":" + i + "}");
                    }
                    return w.finish();
                }));
            }
            for (Future<Long> turn : done) {
                assertEquals(2_999, turn.get(20, TimeUnit.SECONDS));
            }
            channels.forEach(ch -> assertEquals(numbered(3_000), ch.all()));
        } finally {
            turns.shutdownNow();
        }
    }
}
