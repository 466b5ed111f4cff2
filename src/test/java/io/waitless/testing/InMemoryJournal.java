package io.waitless.testing;

import io.waitless.call.CallEvent;
import io.waitless.call.Deflection;
import io.waitless.call.EventType;
import io.waitless.call.Journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-memory fake of {@link Journal}, for tests of code that only writes to it. */
public final class InMemoryJournal implements Journal {
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Deflection> deflections = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** Makes every later call fail, as a Redis outage would. */
    public void goDown() {
        down = true;
    }

    @Override
    public boolean append(CallEvent event) {
        if (down) {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public boolean saveDeflection(Deflection d) {
        if (down) {
            return false;
        }
        deflections.put(d.id(), d);
        return true;
    }

    @Override
    public boolean advanceDeflection(String id, Deflection.State state, Instant at) {
        if (down) {
            return false;
        }
        Deflection d = deflections.get(id);
        if (d == null) {
            return false;
        }
        if (state.ordinal() > d.state().ordinal() || (state == Deflection.State.SENT && d.state() == Deflection.State.ACCEPTED)) {
            deflections.put(id, d.withState(state, at));
        }
        return true;
    }

    @Override
    public Optional<Deflection> deflection(String id) {
        return Optional.ofNullable(deflections.get(id));
    }

    @Override
    public List<CallEvent> recent(int limit) {
        List<CallEvent> all = new ArrayList<>(events);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    public List<CallEvent> events() {
        return List.copyOf(events);
    }

    public List<CallEvent> events(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    public List<String> types() {
        return events.stream().map(e -> e.type().wireName()).toList();
    }

    @Override
    public void close() {
    }
}
