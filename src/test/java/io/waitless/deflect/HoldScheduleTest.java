package io.waitless.deflect;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoldScheduleTest {
    // 20 s of music, then an 8 s promotion ending in the offer; "press 1" every 60 s, 4 s long
    final HoldSchedule schedule = new HoldSchedule(Duration.ofSeconds(20), Duration.ofSeconds(8),
            Duration.ofSeconds(60), Duration.ofSeconds(4));

    @Test
    void a_caller_who_leaves_during_the_first_music_heard_no_offer() {
        assertThat(schedule.heard(Duration.ofSeconds(15))).isEqualTo(new HoldSchedule.Heard(0, 0, 0));
        assertThat(schedule.heard(Duration.ofSeconds(15)).offers()).isZero();
    }

    @Test
    void a_promotion_counts_as_an_offer_only_once_it_reached_its_end() {
        assertThat(schedule.heard(Duration.ofSeconds(25))).isEqualTo(new HoldSchedule.Heard(0, 1, 0));
        assertThat(schedule.heard(Duration.ofSeconds(28))).isEqualTo(new HoldSchedule.Heard(0, 1, 1));
    }

    @Test
    void the_reminder_pauses_the_hold_audio_and_is_not_an_offer() {
        // 0–60 s music/promo (2 finished clips at 28 and 56), 60–64 announcement, then hold audio resumes
        HoldSchedule.Heard h = schedule.heard(Duration.ofSeconds(90));
        assertThat(h.announcements()).isEqualTo(1);
        // 86 s of hold audio: clips end at 28, 56, 84
        assertThat(h.promosFinished()).isEqualTo(3);
        assertThat(h.offers()).isEqualTo(3);
    }

    @Test
    void the_second_announcement_comes_one_period_after_the_first_ended() {
        assertThat(schedule.heard(Duration.ofSeconds(124)).announcements()).isEqualTo(1);
        assertThat(schedule.heard(Duration.ofSeconds(125)).announcements()).isEqualTo(2);
    }

    @Test
    void negative_stints_count_as_nothing_and_bad_schedules_are_refused() {
        assertThat(schedule.heard(Duration.ofSeconds(-5)).offers()).isZero();
        assertThatThrownBy(() -> new HoldSchedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
