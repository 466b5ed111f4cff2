package io.waitless.testing;

import io.waitless.followup.Claim;
import io.waitless.followup.DueQueue;
import io.waitless.followup.FollowUp;
import io.waitless.followup.ItemView;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory fake of {@link DueQueue}: the same states, leases and fencing as the Redis one, judged by the
 * given clock (standing in for Redis's). Thread-safe (every method is synchronized).
 */
public final class InMemoryDueQueue implements DueQueue {
    private static final class Item {
        String id;
        String kind;
        ItemView.Status status = ItemView.Status.DUE;
        Instant due;
        Instant leaseUntil;
        long fence;
        int attempts;
        boolean sending;
        boolean rescheduled;
        String owner = "";
        String result = "";
        Map<String, String> payload;
    }

    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Clock clock;

    public InMemoryDueQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean schedule(FollowUp f) {
        if (items.containsKey(f.id())) {
            return false;
        }
        Item i = new Item();
        i.id = f.id();
        i.kind = f.kind();
        i.due = f.due();
        i.payload = new HashMap<>(f.payload());
        items.put(f.id(), i);
        return true;
    }

    @Override
    public synchronized boolean reschedule(String id, Instant due) {
        Item i = items.get(id);
        if (i == null || i.status != ItemView.Status.DUE || i.rescheduled) {
            return false;
        }
        i.due = due;
        i.rescheduled = true;
        return true;
    }

    @Override
    public synchronized List<Claim> claim(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        List<Item> ready = new ArrayList<>();
        items.values().stream().filter(i -> i.status == ItemView.Status.LEASED && !i.leaseUntil.isAfter(now))
                .sorted(Comparator.comparing(i -> i.leaseUntil)).forEach(ready::add);
        items.values().stream().filter(i -> i.status == ItemView.Status.DUE && !i.due.isAfter(now))
                .sorted(Comparator.comparing(i -> i.due)).forEach(ready::add);
        List<Claim> out = new ArrayList<>();
        for (Item i : ready.subList(0, Math.min(limit, ready.size()))) {
            i.fence++;
            i.status = ItemView.Status.LEASED;
            i.leaseUntil = now.plus(lease);
            i.owner = node;
            out.add(new Claim(i.id, i.kind, i.fence, i.attempts, i.sending, i.payload));
        }
        return out;
    }

    private Item held(Claim c) {
        Item i = items.get(c.id());
        return i != null && i.status == ItemView.Status.LEASED && i.fence == c.token() ? i : null;
    }

    @Override
    public synchronized boolean beginSend(Claim c, Duration needed) {
        Item i = held(c);
        if (i == null || Duration.between(clock.instant(), i.leaseUntil).compareTo(needed) < 0) {
            return false;
        }
        i.sending = true;
        return true;
    }

    @Override
    public synchronized boolean record(Claim c, Outcome outcome) {
        Item i = held(c);
        if (i == null) {
            return false;
        }
        i.sending = false;
        i.owner = "";
        Instant now = clock.instant();
        switch (outcome) {
            case Outcome.Done d -> finish(i, ItemView.Status.DONE, d.detail(), now);
            case Outcome.Failed f -> {
                i.attempts++;
                finish(i, ItemView.Status.FAILED, f.reason(), now);
            }
            case Outcome.Retry r -> {
                i.attempts++;
                i.status = ItemView.Status.DUE;
                i.due = now.plus(r.delay());
                i.result = r.error();
            }
            case Outcome.Postpone p -> {
                i.status = ItemView.Status.DUE;
                i.due = p.at();
                i.result = p.reason();
            }
        }
        return true;
    }

    private static void finish(Item i, ItemView.Status s, String result, Instant now) {
        i.status = s;
        i.result = result;
        i.due = now;
    }

    @Override
    public synchronized Change cancel(String id) {
        Item i = items.get(id);
        if (i == null) {
            return Change.NOT_FOUND;
        }
        if (i.status != ItemView.Status.DUE && i.status != ItemView.Status.LEASED) {
            return Change.NOT_ALLOWED;
        }
        finish(i, ItemView.Status.CANCELLED, "cancelled", clock.instant());
        return Change.CHANGED;
    }

    @Override
    public synchronized Change runNow(String id) {
        Item i = items.get(id);
        if (i == null) {
            return Change.NOT_FOUND;
        }
        if (i.status != ItemView.Status.DUE && i.status != ItemView.Status.FAILED) {
            return Change.NOT_ALLOWED;
        }
        if (i.status == ItemView.Status.FAILED) {
            i.attempts = 0;
        }
        i.status = ItemView.Status.DUE;
        i.due = clock.instant();
        return Change.CHANGED;
    }

    @Override
    public synchronized Optional<ItemView> find(String id) {
        return Optional.ofNullable(items.get(id)).map(InMemoryDueQueue::view);
    }

    @Override
    public synchronized Optional<String> payloadField(String id, String name) {
        return Optional.ofNullable(items.get(id)).map(i -> i.payload.get(name));
    }

    @Override
    public synchronized List<ItemView> list(ItemView.Status status, int limit) {
        return items.values().stream().filter(i -> i.status == status).map(InMemoryDueQueue::view)
                .sorted(Comparator.comparing(ItemView::at)).limit(limit).toList();
    }

    @Override
    public synchronized long count(ItemView.Status status) {
        return items.values().stream().filter(i -> i.status == status).count();
    }

    private static ItemView view(Item i) {
        Map<String, String> p = new HashMap<>(i.payload);
        p.remove(io.waitless.followup.NumberVault.FIELD);
        return new ItemView(i.id, i.kind, i.status, i.status == ItemView.Status.LEASED ? i.leaseUntil : i.due,
                i.attempts, i.owner, i.result, p);
    }
}
