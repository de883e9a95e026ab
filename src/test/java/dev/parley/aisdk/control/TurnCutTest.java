package dev.parley.aisdk.control;

import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnCutTest {

    private long seq;

    private StreamRecord chunk(String json) {
        NewRecord r = NewRecord.data(json, "p" + seq);
        return new StreamRecord(seq++, 0, r.headers(), r.body());
    }

    private StreamRecord turnComplete(Long inSeq) {
        NewRecord r = inSeq == null ? NewRecord.control("turn-complete")
                : NewRecord.control("turn-complete", "session-in-event-id", inSeq.toString());
        return new StreamRecord(seq++, 0, r.headers(), r.body());
    }

    private StreamRecord trim() {
        NewRecord r = NewRecord.trim(0);
        return new StreamRecord(seq++, 0, r.headers(), r.body());
    }

    private List<StreamRecord> turn(String id, String text, long answeredIn) {
        List<StreamRecord> out = new ArrayList<>();
        out.add(chunk("{\"type\":\"start\",\"messageId\":\"" + id + "\"}"));
        out.add(chunk("{\"type\":\"text-start\",\"id\":\"t\"}"));
        out.add(chunk("{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"" + text + "\"}"));
        out.add(chunk("{\"type\":\"finish\",\"finishReason\":\"stop\"}"));
        out.add(turnComplete(answeredIn));
        out.add(trim());
        return out;
    }

    @Test
    void passesOnlyTheChunksOfTheOwnTurnAndCompletesAtItsBoundary() {
        TurnCut cut = new TurnCut(0, -1, Long.MIN_VALUE);
        List<String> chunks = cut.accept(turn("m1", "hi", 0));
        assertEquals(4, chunks.size(), chunks.toString());
        assertTrue(chunks.get(0).contains("\"start\"") && chunks.get(0).contains("m1"));
        assertTrue(cut.complete());
        assertFalse(cut.streaming());
    }

    @Test
    void skipsATurnStillAnsweringAnEarlierMessage() {
        // earlier message at .in 3 is in flight (its boundary will say 3), ours is at .in 5
        TurnCut cut = new TurnCut(5, 1, 3);
        List<StreamRecord> records = new ArrayList<>(turn("earlier", "old", 3));
        records.addAll(turn("ours", "new", 5));
        List<String> chunks = cut.accept(records.subList(0, 5));
        assertEquals(List.of(), chunks, "the earlier turn is skipped");
        assertFalse(cut.complete(), "its boundary does not answer our message");
        chunks = cut.accept(records.subList(5, records.size()));
        assertEquals(4, chunks.size());
        assertTrue(chunks.get(0).contains("ours"));
        assertTrue(cut.complete());
    }

    @Test
    void aStopConsumedAfterOurMessageEndsOurTurn() {
        TurnCut cut = new TurnCut(2, 1, Long.MIN_VALUE);
        List<String> chunks = cut.accept(List.of(chunk("{\"type\":\"start\",\"messageId\":\"m\"}"),
                chunk("{\"type\":\"text-start\",\"id\":\"t\"}")));
        assertEquals(2, chunks.size());
        assertTrue(cut.streaming(), "our turn is streaming: a client that leaves now stops it");
        chunks = cut.accept(List.of(chunk("{\"type\":\"abort\"}"), turnComplete(3L), chunk("{\"type\":\"start\"}")));
        assertEquals(List.of("{\"type\":\"abort\"}"), chunks);
        assertTrue(cut.complete());
    }

    @Test
    void aResumeTakesTheFirstTurnWhateverItAnswers() {
        TurnCut cut = TurnCut.firstTurn();
        List<StreamRecord> records = new ArrayList<>(turn("a", "x", 7));
        records.addAll(turn("b", "y", 8));
        List<String> chunks = cut.accept(records);
        assertEquals(4, chunks.size());
        assertTrue(chunks.get(0).contains("\"a\""));
        assertTrue(cut.complete());
    }

    @Test
    void aTurnCompleteWithoutInputCursorAndASessionCloseEndTheStream() {
        TurnCut resume = TurnCut.firstTurn();
        resume.accept(List.of(turnComplete(null)));
        assertTrue(resume.complete());
        TurnCut send = new TurnCut(4, 3, Long.MIN_VALUE);
        NewRecord closed = NewRecord.control("session-closed", "session-closed-reason", "done");
        send.accept(List.of(new StreamRecord(seq++, 0, closed.headers(), closed.body())));
        assertTrue(send.complete());
    }

    @Test
    void aStreamThatLeavesBeforeItsTurnStartedIsNotStreaming() {
        TurnCut cut = new TurnCut(5, 1, 3);
        cut.accept(turn("earlier", "old", 3).subList(0, 3));
        assertFalse(cut.streaming(), "a stop now would stop someone else's turn");
    }
}
