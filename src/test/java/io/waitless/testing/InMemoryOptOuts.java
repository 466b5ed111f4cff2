package io.waitless.testing;

import io.waitless.deflect.OptOuts;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory fake of {@link OptOuts}; {@link #goDown()} makes it fail closed as an unreachable store. */
public final class InMemoryOptOuts implements OptOuts {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean down;

    public void goDown() {
        down = true;
    }

    @Override
    public boolean contains(String callerRef) {
        failIfDown();
        return entries.containsKey(callerRef);
    }

    @Override
    public boolean add(Entry entry) {
        failIfDown();
        return entries.putIfAbsent(entry.callerRef(), entry) == null;
    }

    @Override
    public boolean remove(String callerRef) {
        failIfDown();
        return entries.remove(callerRef) != null;
    }

    @Override
    public List<Entry> list() {
        failIfDown();
        return entries.values().stream().sorted(Comparator.comparing(Entry::at).reversed()).toList();
    }

    private void failIfDown() {
        if (down) {
            throw new OptOutUnavailableException("the in-memory opt-out list is down", null);
        }
    }
}
