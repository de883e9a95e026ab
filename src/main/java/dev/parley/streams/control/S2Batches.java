package dev.parley.streams.control;

import dev.parley.streams.entity.StreamRecord;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.ArrayList;
import java.util.List;

/**
 * The S2 read-session dialect of the realtime API (wire rule W10): {@code event: batch} and {@code event: ping}.
 * A reader who may not write the chat gets turn-completes without their access token.
 */
final class S2Batches implements Subscription.Framing {

    private final boolean accessTokens;

    private long sentRecords;
    private long sentBytes;

    S2Batches(boolean accessTokens) {
        this.accessTokens = accessTokens;
    }

    @Override
    public List<OutboundSseEvent> events(List<StreamRecord> records, Sse sse, long highestKnownSeq) {
        List<OutboundSseEvent> events = new ArrayList<>(1);
        for (int i = 0; i < records.size(); ) {
            StringBuilder data = new StringBuilder(4096).append("{\"records\":[");
            int start = i;
            long bytes = 0;
            while (i < records.size() && (i == start || bytes < 512 * 1024) && i - start < 1000) {
                StreamRecord r = accessTokens ? records.get(i) : records.get(i).withoutAccessToken();
                if (i > start) {
                    data.append(',');
                }
                r.appendWireJson(data);
                bytes += r.meteredBytes();
                i++;
            }
            StreamRecord last = records.get(i - 1);
            sentRecords += i - start;
            sentBytes += bytes;
            data.append("],\"tail\":{\"seq_num\":").append(highestKnownSeq + 1).append(",\"timestamp\":")
                    .append(last.timestamp()).append("}}");
            events.add(sse.newEventBuilder().name("batch")
                    .id(last.seq() + "," + sentRecords + "," + sentBytes).data(data.toString()).build());
        }
        return events;
    }

    @Override
    public OutboundSseEvent ping(Sse sse, long highestKnownSeq) {
        long now = System.currentTimeMillis();
        return sse.newEventBuilder().name("ping")
                .data("{\"timestamp\":" + now + ",\"tail\":{\"seq_num\":" + (highestKnownSeq + 1) + ",\"timestamp\":" + now + "}}")
                .build();
    }
}
