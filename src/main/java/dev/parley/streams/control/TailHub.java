package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live fan-out of committed records to this node's subscribers, from memory (no database read on the hot path).
 * Publishing may arrive out of order (two writers committing back to back); subscribers close any gap by reading
 * the committed range, so order and exactly-once delivery do not depend on publish order.
 */
@ApplicationScoped
public class TailHub {

    @Inject
    RecordReader reader;

    private static final int REMOTE_PAGE = 1_000;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    static final class Channel {
        final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
        final AtomicLong highestSeq = new AtomicLong(-1);
    }

    /** Something that wants the records of one channel as they commit. */
    public interface Listener {
        void offer(List<StreamRecord> records);
    }

    static String key(String sessionId, Io io) {
        return sessionId + '/' + io.wire();
    }

    public void register(String sessionId, Io io, Listener l) {
        channels.computeIfAbsent(key(sessionId, io), k -> new Channel()).listeners.add(l);
    }

    public void unregister(String sessionId, Io io, Listener l) {
        channels.computeIfPresent(key(sessionId, io), (k, ch) -> {
            ch.listeners.remove(l);
            return ch.listeners.isEmpty() ? null : ch;
        });
    }

    public void publish(String sessionId, Io io, List<StreamRecord> records) {
        Channel ch = channels.get(key(sessionId, io));
        if (ch == null || records.isEmpty()) {
            return;
        }
        ch.highestSeq.accumulateAndGet(records.get(records.size() - 1).seq(), Math::max);
        for (Listener l : ch.listeners) {
            l.offer(records);
        }
    }

    /**
     * Another node committed records up to {@code lastSeq}. If anyone here listens and has not seen them yet,
     * read the new range once and publish it.
     */
    public void remoteAppend(String sessionId, Io io, long lastSeq) {
        Channel ch = channels.get(key(sessionId, io));
        if (ch == null) {
            return;
        }
        long seen = ch.highestSeq.get();
        while (lastSeq > seen) {
            List<StreamRecord> fresh = reader.range(sessionId, io, seen + 1, lastSeq, REMOTE_PAGE);
            if (fresh.isEmpty()) {
                return;
            }
            publish(sessionId, io, fresh);
            seen = fresh.get(fresh.size() - 1).seq();
        }
    }

    /**
     * After the cross-node connection was away: every channel with listeners here is read from its last seen seq to
     * its head, so appends whose notifications were lost reach the listeners (who drop what they already have).
     */
    public void resync() {
        for (String key : List.copyOf(channels.keySet())) {
            int slash = key.lastIndexOf('/');
            String sessionId = key.substring(0, slash);
            Io.fromWire(key.substring(slash + 1)).ifPresent(io -> {
                try {
                    remoteAppend(sessionId, io, reader.nextSeq(sessionId, io) - 1);
                } catch (RuntimeException e) {
                    java.util.logging.Logger.getLogger(TailHub.class.getName())
                            .log(java.util.logging.Level.WARNING, "resync of " + key + " failed", e);
                }
            });
        }
    }

    /** Seeds a channel's high-water mark so cross-node notifications can tell what is new. */
    public void seen(String sessionId, Io io, long seq) {
        Channel ch = channels.get(key(sessionId, io));
        if (ch != null) {
            ch.highestSeq.accumulateAndGet(seq, Math::max);
        }
    }
}
