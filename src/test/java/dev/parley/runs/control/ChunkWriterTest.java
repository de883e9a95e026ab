package dev.parley.runs.control;

import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkWriterTest {

    /** A channel in memory: assigns seqs like the appender, remembers each batch. */
    static final class Channel implements ChunkWriter.Flush {
        final List<List<String>> batches = new ArrayList<>();
        final List<Boolean> firsts = new ArrayList<>();
        long next;
        CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        RuntimeException fail;

        @Override
        public List<StreamRecord> commit(List<NewRecord> batch, boolean first) {
            entered.countDown();
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail != null) {
                throw fail;
            }
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

        List<String> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @Test
    void everyChunkIsCommittedOnceInOrderAndFinishReportsTheLastSeq() {
        Channel ch = new Channel();
        ChunkWriter w = new ChunkWriter(ch, pool);
        for (int i = 0; i < 500; i++) {
            w.write("{\"n\":" + i + "}");
        }
        assertEquals(499, w.finish());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add("{\"data\":{\"n\":" + i + "}}");
        }
        assertEquals(expected, ch.all());
        assertEquals(Boolean.TRUE, ch.firsts.get(0), "the first batch is marked first");
        assertTrue(ch.firsts.subList(1, ch.firsts.size()).stream().noneMatch(f -> f), "and only the first");
    }

    @Test
    void theFirstChunkWaitsForTheSecondSoTheyCommitTogether() {
        Channel ch = new Channel();
        ChunkWriter w = new ChunkWriter(ch, pool);
        w.write("{\"type\":\"start\"}");
        assertEquals(0, ch.batches.size(), "start alone is not committed");
        w.write("{\"type\":\"text-start\"}");
        w.finish();
        assertEquals(List.of("{\"data\":{\"type\":\"start\"}}", "{\"data\":{\"type\":\"text-start\"}}"), ch.batches.get(0));
    }

    @Test
    void chunksWrittenWhileACommitIsInFlightGoInTheNextBatch() throws Exception {
        Channel ch = new Channel();
        ch.gate = new CountDownLatch(1);
        ChunkWriter w = new ChunkWriter(ch, pool);
        w.write("{\"n\":0}");
        w.write("{\"n\":1}");
        assertTrue(ch.entered.await(5, TimeUnit.SECONDS)); // the flusher is now blocked in its first commit
        for (int i = 2; i < 10; i++) {
            w.write("{\"n\":" + i + "}");
        }
        ch.gate.countDown();
        assertEquals(9, w.finish());
        assertEquals(2, ch.batches.size(), "group commit: " + ch.batches);
        assertEquals(8, ch.batches.get(1).size());
    }

    @Test
    void aFailedCommitFailsTheNextWriteAndFinish() {
        Channel ch = new Channel();
        ch.fail = new IllegalStateException("database down");
        ChunkWriter w = new ChunkWriter(ch, pool);
        w.write("{\"n\":0}");
        w.write("{\"n\":1}");
        assertThrows(IllegalStateException.class, w::finish);
        assertThrows(IllegalStateException.class, () -> w.write("{\"n\":2}"));
    }

    @Test
    void anExecutorThatRejectsTheFlusherDoesNotLoseChunks() {
        Channel ch = new Channel();
        ChunkWriter w = new ChunkWriter(ch, task -> {
            throw new java.util.concurrent.RejectedExecutionException("saturated");
        });
        for (int i = 0; i < 5; i++) {
            w.write("{\"n\":" + i + "}");
        }
        assertEquals(4, w.finish(), "the writing thread committed them itself");
        assertEquals(5, ch.all().size());
    }

    @Test
    void anErrorInACommitIsReportedInsteadOfLeavingFinishWaiting() {
        ChunkWriter w = new ChunkWriter((batch, first) -> {
            throw new StackOverflowError();
        }, pool);
        w.write("{\"n\":0}");
        w.write("{\"n\":1}");
        RuntimeException failure = w.settle();
        assertTrue(failure != null && failure.getCause() instanceof StackOverflowError, String.valueOf(failure));
        assertTrue(!w.committedAny());
    }

    /** Every thread of a saturated run pool is a turn finishing: the flushers they queued never get a thread. */
    @Test
    void aTurnFinishesEvenWhenItsQueuedFlusherNeverGetsAThread() {
        List<Runnable> queued = new ArrayList<>();
        Channel ch = new Channel();
        ChunkWriter w = new ChunkWriter(ch, queued::add);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 5; i++) {
                w.write("{\"n\":" + i + "}");
            }
            assertEquals(4, w.finish(), "the finishing thread committed the buffer itself");
        });
        assertEquals(1, queued.size(), "one flusher was queued");
        assertEquals(5, ch.all().size());
        queued.getFirst().run(); // the late flusher finds nothing to do and writes nothing twice
        assertEquals(5, ch.all().size());
        assertEquals(Boolean.TRUE, ch.firsts.getFirst());
    }

    @Test
    void aFullBufferIsCommittedByTheWriterWhenTheFlusherNeverGetsAThread() {
        Channel ch = new Channel();
        ChunkWriter w = new ChunkWriter(ch, task -> { });
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 5_000; i++) {
                w.write("{\"n\":" + i + "}");
            }
            assertEquals(4_999, w.finish());
        });
        List<String> all = ch.all();
        assertEquals(5_000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals("{\"data\":{\"n\":" + i + "}}", all.get(i), "in order, once");
        }
    }

    /** Two pool threads, eight turns at once on them, each writing and finishing: the flushers share the same pool. */
    @Test
    void turnsThatFillThePoolStillCommitEveryChunk() throws Exception {
        ExecutorService small = Executors.newFixedThreadPool(2);
        try {
            List<Channel> channels = new ArrayList<>();
            List<java.util.concurrent.Future<Long>> turns = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Channel ch = new Channel();
                channels.add(ch);
                ChunkWriter w = new ChunkWriter(ch, small);
                turns.add(small.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        w.write("{\"n\":" + i + "}");
                    }
                    return w.finish();
                }));
            }
            for (var turn : turns) {
                assertEquals(299, turn.get(10, TimeUnit.SECONDS));
            }
            channels.forEach(ch -> assertEquals(300, ch.all().size()));
        } finally {
            small.shutdownNow();
        }
    }
}
