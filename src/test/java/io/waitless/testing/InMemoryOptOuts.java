package io.waitless.testing;

import io.waitless.deflect.OptOuts;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory fake of {@link OptOuts}. */
public final class InMemoryOptOuts implements OptOuts {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** Makes every later call fail, as a Redis outage would. */
    public void goDown() {
        down = true;
    }

    public void comeBack() {
        down = false;
    }

    @Override
    public boolean contains(String callerRef) {
        check();
        return entries.containsKey(callerRef);
    }

    @Override
    public boolean add(Entry entry) {
        check();
        return entries.putIfAbsent(entry.callerRef(), entry) == null;
    }

    @Override
    public boolean remove(String callerRef) {
        check();
        return entries.remove(callerRef) != null;
    }

    @Override
    public List<Entry> list() {
        check();
        return entries.values().stream().sorted(Comparator.comparing(Entry::at).reversed()).toList();
    }

    private void check() {
        if (down) {
            throw new OptOutUnavailableException("opt-out store is down (test)", null);
        }
    }
}
