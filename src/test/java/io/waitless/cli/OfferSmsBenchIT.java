package io.waitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waitless bench offer-sms} at a tiny scale: callers press 1 in the offer against a node in its own JVM, every
 * text reaches the loopback Kannel, the latencies are printed, and a target that cannot be met makes it exit 1.
 */
class OfferSmsBenchIT {
    @TempDir
    Path work;

    @Test
    void every_key_press_reaches_the_gateway_and_a_missed_p99_target_exits_1() {
        CliRun.Result r = CliRun.bare("bench", "offer-sms", "--rate", "20", "--duration", "2s", "--warm-up", "1s",
                "--p99-target", "0", "--work", work.toString());

        assertThat(r.out()).contains("== Offer to SMS: 40 callers pressing 1 at 20/s for 2 s (after 1 s of warm-up rising to that rate)")
                .containsPattern("accepts: +40 callers pressed 1 \\([\\d.]+/s kept\\), failed sessions 0; node's"
                        + " statuses \\{sent=40}")
                .containsPattern("gateway: +40 texts received for them \\(\\d+ requests in all, warm-up included\\)")
                .containsPattern("key press to gateway: p50 [\\d.]+ ms, p90 [\\d.]+ ms, p99 [\\d.]+ ms, max [\\d.]+ ms"
                        + " \\(40 samples\\)")
                .contains("PASS  every accept reached the gateway: 40 of 40 callers, 40 texts")
                .containsPattern("FAIL  p99 key press to gateway [\\d.]+ ms ≤ 0 ms")
                .contains("RESULT: FAIL");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
    }
}
