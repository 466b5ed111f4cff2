package io.waitless.followup;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Allowed hours in every zone a number may be in. */
class QuietHoursTest {
    private final QuietHours hours = new QuietHours(LocalTime.of(9, 0), LocalTime.of(20, 0), ZoneOffset.UTC);

    @Test
    void numbers_map_to_their_countrys_zones() {
        assertThat(hours.zones("+972501234567")).containsExactly(ZoneId.of("Asia/Jerusalem"));
        assertThat(hours.zones("+447400123456")).containsExactly(ZoneId.of("Europe/London"));
        assertThat(hours.zones("+12125550123")).contains(ZoneId.of("America/New_York"), ZoneId.of("Pacific/Honolulu"));
        assertThat(hours.zones("+61412345678")).contains(ZoneId.of("Australia/Sydney"), ZoneId.of("Australia/Perth"));
        assertThat(hours.zones("not a number")).containsExactly(ZoneOffset.UTC);
    }

    @Test
    void inside_the_window_is_now_and_outside_is_the_next_opening() {
        var il = hours.zones("+972501234567");
        // 2026-03-10 12:00 in Jerusalem (UTC+2)
        Instant noon = Instant.parse("2026-03-10T10:00:00Z");
        assertThat(hours.next(noon, il)).contains(noon);
        // 22:00 in Jerusalem: tomorrow 09:00 local
        assertThat(hours.next(Instant.parse("2026-03-10T20:00:00Z"), il)).contains(Instant.parse("2026-03-11T07:00:00Z"));
        // 03:00 in Jerusalem: today 09:00 local
        assertThat(hours.next(Instant.parse("2026-03-10T01:00:00Z"), il)).contains(Instant.parse("2026-03-10T07:00:00Z"));
    }

    @Test
    void a_country_of_many_zones_waits_until_the_window_is_open_in_all_of_them() {
        var us = hours.zones("+12125550123");
        // 10:00 in New York is 05:00 in Honolulu: too early there
        Instant tenInNewYork = Instant.parse("2026-01-15T15:00:00Z");
        Instant next = hours.next(tenInNewYork, us).orElseThrow();
        assertThat(hours.allowed(next, us)).isTrue();
        // 09:00 in Honolulu (UTC-10) = 19:00 UTC; every other US zone is inside 09-20 then
        assertThat(next).isEqualTo(Instant.parse("2026-01-15T19:00:00Z"));
        assertThat(next.atZone(ZoneId.of("America/New_York")).toLocalTime()).isEqualTo(LocalTime.of(14, 0));
    }

    @Test
    void zones_whose_windows_never_overlap_give_no_moment() {
        var farApart = java.util.List.of(ZoneId.of("America/New_York"), ZoneId.of("Asia/Manila"));
        assertThat(hours.next(Instant.parse("2026-01-15T00:00:00Z"), farApart)).isEmpty();
    }
}
