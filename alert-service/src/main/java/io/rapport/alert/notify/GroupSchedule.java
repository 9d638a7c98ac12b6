package io.rapport.alert.notify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each aggregation group is next due, in memory and sorted, so finding the due groups does not
 * read every group from the store (the embedded store scans a collection for a range filter). The store
 * stays the record; this is an index of hints kept to one invariant: <b>for every stored group, the
 * schedule holds an entry no later than the group's stored {@code nextFlushAt}</b>. Then no due group is
 * missed; an entry earlier than the store's (or of a deleted group) only costs a read by {@code _id},
 * after which {@link #replace} corrects it.
 *
 * <p>Hence the two kinds of update: {@link #offer} (after any stored write, or from a read of the store)
 * never moves an entry later, and always makes it a new entry; {@link #replace} moves it later or
 * removes it, but only if the entry is still the very one the caller saw before it read or wrote the
 * store (entries are identified by a sequence number), so a write stored and offered meanwhile — even
 * one that kept the time, such as a group re-created after the caller deleted it — is never overwritten.
 */
public final class GroupSchedule {
    /** One hint: group {@code id} is due no later than {@code at}. */
    public record Entry(String id, Instant at, long seq) {}

    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::at).thenComparing(Entry::id).thenComparingLong(Entry::seq);

    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Entry> byId = new HashMap<>();
    private final TreeSet<Entry> byTime = new TreeSet<>(ORDER);

    /**
     * Records that group {@code id} is due at {@code at} at the latest: keeps an earlier time, but as a
     * new entry, so that a {@link #replace} of the entry seen before this write fails.
     */
    public synchronized void offer(String id, Instant instant) {
        // Whole milliseconds, as the store keeps them: never later than the stored time.
        Instant at = instant.truncatedTo(ChronoUnit.MILLIS);
        Entry current = byId.get(id);
        if (current != null && current.at().isBefore(at)) {
            at = current.at();
        }
        put(current, new Entry(id, at, seq.incrementAndGet()));
    }

    /**
     * Replaces {@code expected} by an entry at {@code at} ({@code null}: removes it) if it is still the
     * group's entry; returns whether it was.
     */
    public synchronized boolean replace(Entry expected, Instant at) {
        Entry current = byId.get(expected.id());
        if (current == null || current.seq() != expected.seq()) {
            return false;
        }
        if (at == null) {
            byId.remove(current.id());
            byTime.remove(current);
        } else {
            put(current, new Entry(current.id(), at.truncatedTo(ChronoUnit.MILLIS), seq.incrementAndGet()));
        }
        return true;
    }

    /** Up to {@code limit} entries due at {@code now}, earliest first. */
    public synchronized List<Entry> due(Instant now, int limit) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byTime) {
            if (out.size() == limit || e.at().isAfter(now)) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** The group's entry, if any. */
    public synchronized Entry entry(String id) {
        return byId.get(id);
    }

    /** Every entry's time by group id (tests and operators). */
    public synchronized Map<String, Instant> snapshot() {
        Map<String, Instant> out = new TreeMap<>();
        byId.forEach((id, e) -> out.put(id, e.at()));
        return out;
    }

    /** How many groups the schedule holds. */
    public synchronized int size() {
        return byId.size();
    }

    private void put(Entry current, Entry next) {
        if (current != null) {
            byTime.remove(current);
        }
        byId.put(next.id(), next);
        byTime.add(next);
    }
}
