package io.waitless.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * app_queue's ordering, as measured on Asterisk 22: a joining caller goes ahead of every caller with a
 * lower {@code QUEUE_PRIO}; among equal priorities, the position argument (when in range) or the end.
 * Enough to show that a caller who leaves to accept an offer comes back to the same place. Thread-safe.
 */
public final class SimulatedQueue {
    private record Entry(String caller, int prio) {}

    private final List<Entry> entries = new ArrayList<>();
    /** Joins and returns the 1-based position. */
    public synchronized int join(String caller, int prio, int position) {
        List<Entry> same = entries.stream().filter(e -> e.prio == prio).toList();
        int insertAt = entries.size();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).prio < prio) {
                insertAt = i;
                break;
            }
        }
        if (position >= 1 && position <= entries.size() && !same.isEmpty()) {
            int firstSame = entries.indexOf(same.get(0));
            insertAt = Math.min(insertAt, Math.max(firstSame, position - 1));
        }
        entries.add(insertAt, new Entry(caller, prio));
        return insertAt + 1;
    }

    /** Leaves and returns the position the caller had (0 if not queued). */
    public synchronized int leave(String caller) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).caller.equals(caller)) {
                entries.remove(i);
                return i + 1;
            }
        }
        return 0;
    }

    public synchronized int position(String caller) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).caller.equals(caller)) {
                return i + 1;
            }
        }
        return 0;
    }

    public synchronized List<String> order() {
        return entries.stream().map(Entry::caller).toList();
    }

    /** The callers ahead of {@code caller}, in order. */
    public synchronized List<String> ahead(String caller) {
        List<String> order = order();
        int i = order.indexOf(caller);
        return i < 0 ? List.of() : List.copyOf(order.subList(0, i));
    }
}
