package io.waitless.deflect;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a promotion runs: weekly windows in one time zone, such as {@code sun-thu 08:00-20:00}. Immutable.
 *
 * @param zone    the zone the windows are read in (the company's)
 * @param windows at least one; they do not overlap (the config refuses overlaps)
 */
public record Schedule(ZoneId zone, List<Window> windows) {
    public Schedule {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one window");
        }
    }

    /**
     * One weekly window: on each of {@code days}, from {@code from} (inclusive) to {@code to} (exclusive;
     * {@link LocalTime#MAX} stands for 24:00).
     */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Window {
            days = days.isEmpty() ? Set.of() : EnumSet.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a window needs at least one day");
            }
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("ends at " + to + ", not after its start " + from);
            }
        }

        public boolean contains(DayOfWeek day, LocalTime time) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }

        /** Whether the two windows share a day and a moment on it. */
        public boolean overlaps(Window o) {
            return days.stream().anyMatch(o.days::contains) && from.isBefore(o.to) && o.from.isBefore(to);
        }

        /** {@code mon,tue 08:00-20:00}. */
        @Override
        public String toString() {
            return days.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(",")) + " " + from + "-" + (to.equals(LocalTime.MAX) ? "24:00" : to);
        }
    }

    /** Whether the promotion runs at {@code t}. */
    public boolean open(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        LocalTime time = local.toLocalTime();
        return windows.stream().anyMatch(w -> w.contains(local.getDayOfWeek(), time));
    }
}
