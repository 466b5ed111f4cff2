package io.waitless.config;

import io.waitless.deflect.Promotion;
import io.waitless.deflect.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Promotions' {@code intents} and {@code hours}, read in {@code company.timezone}, and every mistake refused. */
class ConfigLoaderTargetingTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static final String INTENTS = """
            intents:
              items:
                - {id: billing, flow: pay-bill, phrases: ["pay my bill"]}
                - {id: outage, phrases: ["internet is down"]}
            """;

    private static String promotion(String yaml) {
        return ConfigFiles.validWith("  - {id: pay-in-app, flow: pay-bill, text: Pay in the app.}\n", yaml)
                .replace("company:\n  name: Acme\n", "company:\n  name: Acme\n  timezone: Asia/Jerusalem\n") + INTENTS;
    }

    @Test
    void intents_and_hours_are_read_in_the_company_time_zone() {
        WaitlessConfig c = files().load(promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    intents: [billing]
                    hours: ["sun-thu 08:00-20:00", "fri 08:00-13:00", "sat 20:00-24:00"]
                """)).config();

        Promotion p = c.promotions().getFirst();
        assertThat(p.targeting().intents()).containsExactly("billing");
        Schedule s = p.targeting().hours().orElseThrow();
        assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Jerusalem"));
        assertThat(s.windows()).containsExactly(
                new Schedule.Window(EnumSet.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY), LocalTime.of(8, 0), LocalTime.of(20, 0)),
                new Schedule.Window(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(13, 0)),
                new Schedule.Window(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(20, 0), LocalTime.MAX));
        // Thursday 2026-12-03 19:30 in Jerusalem (UTC+2) is open, 20:00 is closed; Friday 12:59 open
        assertThat(p.runsAt(Instant.parse("2026-12-03T17:30:00Z"))).isTrue();
        assertThat(p.runsAt(Instant.parse("2026-12-03T18:00:00Z"))).isFalse();
        assertThat(p.runsAt(Instant.parse("2026-12-04T10:59:00Z"))).isTrue();
        assertThat(p.runsAt(Instant.parse("2026-12-05T21:59:59Z"))).isTrue(); // Saturday 23:59:59
        assertThat(p.runsAt(Instant.parse("2026-12-05T10:00:00Z"))).isFalse();
    }

    @Test
    void without_hours_or_intents_a_promotion_suits_everyone_always() {
        Promotion p = files().load(ConfigFiles.VALID).config().promotions().getFirst();
        assertThat(p.targeting()).isEqualTo(Promotion.Targeting.ANY);
        assertThat(files().load(ConfigFiles.VALID).config().company().timezone()).isEqualTo(java.time.ZoneOffset.UTC);
    }

    @Test
    void overlapping_windows_are_refused_naming_both() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    hours:
                      - "mon-fri 08:00-12:00"
                      - "wed 11:30-14:00"
                """);
        files().assertRefused(yaml, "wed 11:30-14:00", "promotions[0].hours[1]",
                "\"wed 11:30-14:00\" overlaps \"mon-fri 08:00-12:00\" (line " + ConfigFiles.lineOf(yaml, "mon-fri 08:00") + ")");
    }

    @Test
    void windows_that_touch_are_not_an_overlap() {
        assertThat(files().load(promotion("""
                  - {id: pay-in-app, flow: pay-bill, text: Pay., hours: ["mon 08:00-12:00", "mon 12:00-14:00"]}
                """)).config().promotions().getFirst().targeting().hours()).isPresent();
    }

    @Test
    void a_malformed_window_a_backwards_one_and_a_bad_time_zone_are_refused() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    hours: ["weekdays 8-20", "fri 22:00-02:00", "mon 25:00-26:00", "mox 08:00-09:00"]
                """).replace("timezone: Asia/Jerusalem", "timezone: Mars/Olympus");
        String message = files().assertRefused(yaml, "weekdays", "promotions[0].hours[0]",
                "\"weekdays 8-20\" is not a window like \"mon-fri 08:00-20:00\"");
        assertThat(message).contains("promotions[0].hours[1]: \"fri 22:00-02:00\" ends at 02:00, not after it starts (22:00);"
                        + " a window over midnight is two windows")
                .contains("promotions[0].hours[2]: \"mon 25:00-26:00\" has 25:00, which is not a time of day")
                .contains("promotions[0].hours[3]: \"mox 08:00-09:00\" has \"mox\", which is not a day")
                .contains("company.timezone: \"Mars/Olympus\" is not a time zone");
    }

    @Test
    void an_unknown_intent_is_refused_with_a_suggestion() {
        String yaml = promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    intents: [biling]
                """);
        files().assertRefused(yaml, "intents: [biling]", "promotions[0].intents[0]",
                "\"biling\" is not an intent under intents.items (billing, outage)");
    }

    @Test
    void a_variant_keeps_its_promotions_targeting() {
        WaitlessConfig c = files().load(promotion("""
                  - id: pay-in-app
                    flow: pay-bill
                    text: Pay in the app.
                    intents: [billing]
                    hours: ["daily 00:00-24:00"]
                    variants: [{id: a, weight: 50}, {id: b, weight: 50}]
                """)).config();
        assertThat(c.promotions()).hasSize(2).allSatisfy(p -> {
            assertThat(p.targeting().intents()).isEqualTo(List.of("billing"));
            assertThat(p.targeting().hours()).isPresent();
        });
    }

    @Test
    void do_not_re_offer_defaults_to_seven_days_may_be_zero_and_is_bounded() {
        assertThat(files().load(ConfigFiles.VALID).config().promotions().getFirst().targeting().restAfterDecline())
                .isEqualTo(java.time.Duration.ofDays(7));
        assertThat(files().load(promotion("""
                  - {id: pay-in-app, flow: pay-bill, text: Pay., do-not-re-offer: 0s}
                """)).config().promotions().getFirst().targeting().restAfterDecline()).isZero();
        String yaml = promotion("""
                  - {id: pay-in-app, flow: pay-bill, text: Pay., do-not-re-offer: 400d}
                """);
        files().assertRefused(yaml, "do-not-re-offer", "promotions[0].do-not-re-offer", "400d");
    }
}
