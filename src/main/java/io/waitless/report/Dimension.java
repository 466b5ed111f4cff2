package io.waitless.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a funnel can be broken down by ({@code --by}): time (in the company's time zone) or a call's attribute. */
public enum Dimension {
    DAY, WEEK, MONTH, QUEUE, PROMOTION, EXPERIMENT, VARIANT, INTENT, LANGUAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension named {@code name} (any case), if there is one. */
    public static Optional<Dimension> of(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** True for {@link #DAY}, {@link #WEEK} and {@link #MONTH}. */
    public boolean isTime() {
        return this == DAY || this == WEEK || this == MONTH;
    }
}
