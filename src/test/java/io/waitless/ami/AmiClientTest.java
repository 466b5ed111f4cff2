package io.waitless.ami;

import io.waitless.config.WaitlessConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AMI client against Asterisk 22's captured replies, over a real loopback socket. */
class AmiClientTest {
    static final String SECRET = "fixturepass";

    ScriptedAmi ami;
    AmiClient client;

    static WaitlessConfig.Ami config(int port, Duration timeout) {
        return new WaitlessConfig.Ami("127.0.0.1", port, "fixture", SECRET, Duration.ofSeconds(5), timeout, 2);
    }

    @BeforeEach
    void start() throws Exception {
        ami = new ScriptedAmi();
        client = new AmiClient(config(ami.port(), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        ami.close();
    }

    @Test
    void logs_in_with_events_off_and_never_sends_the_secret_in_clear() {
        client.connect();

        assertThat(client.connected()).isTrue();
        ScriptedAmi.Received login = ami.received("Login").getFirst();
        assertThat(login.get("Username")).isEqualTo("fixture");
        assertThat(login.get("Events")).isEqualTo("off");
        assertThat(login.raw()).doesNotContain(SECRET);
    }

    @Test
    void a_refused_login_is_a_clear_error_naming_the_keys_to_check() {
        ami.route("Login", "login-bad");

        assertThatThrownBy(client::connect).isInstanceOf(AmiException.class)
                .hasMessageContaining("refused").hasMessageContaining("ami.secret").hasMessageNotContaining(SECRET);
        assertThat(client.connected()).isFalse();
    }

    @Test
    void queue_status_lists_the_waiting_callers_from_the_queue_entry_events() {
        assertThat(client.queueStatus("support")).containsExactly(
                new QueueCaller("support", 1, "Local/dana@fx-queue-00000008;2", "1795423635.17", "+972501234567", 3, 0),
                new QueueCaller("support", 2, "Local/avi@fx-queue-00000009;2", "1795423636.19", "+972541112233", 1, 0));
        assertThat(ami.received("QueueStatus").getFirst().get("Queue")).isEqualTo("support");
    }

    @Test
    void queue_status_after_a_hangup_and_on_an_empty_queue() {
        ami.route("QueueStatus", "qs-2", "qs-3");

        assertThat(client.queueStatus("support")).containsExactly(
                new QueueCaller("support", 1, "Local/dana@fx-queue-00000008;2", "1795423635.17", "+972501234567", 9, 0));
        assertThat(client.queueStatus("support")).isEmpty();
    }

    @Test
    void withdraw_sends_queue_caller_and_info_and_reports_success() {
        WithdrawResult r = client.withdraw("support", "Local/dana@fx-queue-00000008;2", "callback-requested");

        assertThat(r).isEqualTo(new WithdrawResult(true, "Withdraw requested successfully"));
        ScriptedAmi.Received sent = ami.received("QueueWithdrawCaller").getFirst();
        assertThat(sent.get("Queue")).isEqualTo("support");
        assertThat(sent.get("Caller")).isEqualTo("Local/dana@fx-queue-00000008;2");
        assertThat(sent.get("WithdrawInfo")).isEqualTo("callback-requested");
    }

    @Test
    void withdraw_errors_are_results_with_asterisks_message() {
        ami.route("QueueWithdrawCaller", "wd-2", "wd-3", "wd-4", "wd-5");

        assertThat(client.withdraw("support", "Local/dana@fx-queue-00000008;2", "second-request"))
                .isEqualTo(new WithdrawResult(false, "Unable to request withdraw from queue: Already requested"));
        assertThat(client.withdraw("support", "Local/dana@fx-queue-00000008;2", null))
                .isEqualTo(new WithdrawResult(false, "Unable to request withdraw from queue: No such caller"));
        assertThat(client.withdraw("no-such-queue", "Local/dana@fx-queue-00000008;2", null))
                .isEqualTo(new WithdrawResult(false, "Unable to request withdraw from queue: No such queue"));
        assertThat(client.withdraw("support", "", null))
                .isEqualTo(new WithdrawResult(false, "'Caller' not specified."));
        assertThat(ami.received("QueueWithdrawCaller").get(1).get("WithdrawInfo")).isNull();
    }

    @Test
    void a_server_that_accepts_and_never_answers_times_out_then_the_next_login_works() throws Exception {
        client.close();
        client = new AmiClient(config(ami.port(), Duration.ofMillis(400)));
        ami.silentFor(1);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> client.queueStatus("support")).isInstanceOf(AmiException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

        assertThat(client.queueStatus("support")).hasSize(2);
        assertThat(ami.connections()).isEqualTo(2);
    }
}
