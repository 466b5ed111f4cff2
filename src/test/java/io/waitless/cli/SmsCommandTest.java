package io.waitless.cli;

import io.waitless.App;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.config.ConfigLoader;
import io.waitless.config.WaitlessConfig;
import io.waitless.sms.DeliveryListener;
import io.waitless.sms.SmsException;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsGateways;
import io.waitless.sms.SmsMessage;
import io.waitless.sms.SmsReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SmsCommandTest {

    @TempDir
    Path dir;

    private final java.util.Set<String> optedOut = new java.util.HashSet<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("waitless.yaml"), """
                company:
                  name: Acme
                callers:
                  default-region: IL
                  reference-key: a-long-reference-key-for-tests-only-0123456789
                sms:
                  gateway: log
                  sender: Acme
                  outbox: %s
                  templates:
                    en: "{company}: {flow} {link}"
                    he:
                      default: "{company} - המשיכו כאן: {link}"
                      pay-bill: "{company} - לתשלום: {link}"
                links:
                  public-base-url: https://go.acme.example
                  signing:
                    keys:
                      - {id: k1, secret: a-long-link-signing-secret-for-tests-0123456789}
                prompts:
                  texts:
                    reminder: You keep your place.
                    alternative: Or go online.
                    offer: Press 1 for a text.
                    sending: Sending.
                    sms-sent: Sent.
                    sms-failed: Not sent.
                    no-sms: No text.
                channels:
                  - {id: app, kind: app, name: the Acme app}
                flows:
                  - {id: pay-bill, title: pay your bill, url: "https://acme.example/pay", channel: app}
                  - {id: moving, title: book your move, url: "https://acme.example/move", channel: app}
                promotions:
                  - {id: pay-in-app, flow: pay-bill, text: Pay in the app.}
                queues:
                  - {name: support, language: en}
                """.formatted(dir.resolve("outbox.jsonl")));
    }

    private int run(Function<WaitlessConfig.Sms, SmsGateway> gateways, String... args) {
        CommandLine cli = new CommandLine(new SmsCommand(p -> new ConfigLoader(Map.of()).load(p), gateways,
                (cfg, ref) -> optedOut.contains(ref)));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(sms -> SmsGateways.create(sms, new SimpleMeterRegistry(), DeliveryListener.NONE), args);
    }

    private Path outbox() {
        return dir.resolve("outbox.jsonl");
    }

    @Test
    void send_renders_normalises_the_number_and_sends_through_the_log_gateway() throws IOException {
        int code = run("send", "--to", "050-234-5678", "--template", "en", "--config", config().toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("to:       +97250•••5678")
                .containsPattern("text: +Acme: pay your bill https://go\\.acme\\.example/l/[0-9A-Za-z]{12}\\n")
                .contains("encoding: GSM-7, ").contains(" 1 segment\n")
                .contains("sent:     via log");
        assertThat(out.toString()).doesNotContain("502345678");
        assertThat(Files.readString(outbox())).contains("\"to\":\"+97250•••5678\"").contains("Acme: pay your bill");
    }

    @Test
    void a_flow_picks_its_own_hebrew_text_which_goes_as_ucs2() throws IOException {
        int code = run("send", "--to", "+972502345678", "--template", "he", "--flow", "pay-bill", "--dry-run",
                "--config", config().toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("text:     Acme - לתשלום: https://go.acme.example/l/")
                .contains("encoding: UCS-2, ").contains("dry run: nothing sent");
        assertThat(outbox()).doesNotExist();
    }

    @Test
    void dry_run_sends_nothing() throws IOException {
        int code = run("send", "--to", "+972502345678", "--template", "en", "--dry-run", "--config",
                config().toString());

        assertThat(code).isZero();
        assertThat(outbox()).doesNotExist();
    }

    @Test
    void a_landline_is_refused_with_exit_1_and_nothing_is_sent() throws IOException {
        int code = run("send", "--to", "+97235551234", "--template", "en", "--config", config().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("refused: ").contains("landline").contains("valid mobile number of IL");
        assertThat(outbox()).doesNotExist();
    }

    @Test
    void an_opted_out_number_is_refused_and_nothing_is_sent() throws IOException {
        WaitlessConfig cfg = new ConfigLoader(Map.of()).load(config());
        optedOut.add(App.numberPolicy(cfg, java.time.Clock.systemUTC()).reference("+972502345678"));
        int code = run("send", "--to", "0502345678", "--template", "en", "--config", config().toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("refused: +97250•••5678 is on the opt-out list");
        assertThat(outbox()).doesNotExist();
    }

    @Test
    void an_unreadable_opt_out_list_refuses_a_send_but_lets_a_dry_run_show_the_text() throws IOException {
        Function<WaitlessConfig.Sms, SmsGateway> gateways = sms -> SmsGateways.create(sms, new SimpleMeterRegistry(),
                DeliveryListener.NONE);
        CommandLine down = new CommandLine(new SmsCommand(p -> new ConfigLoader(Map.of()).load(p), gateways,
                (cfg, ref) -> {
                    throw new IllegalStateException("Redis is down");
                }));
        down.setOut(new PrintWriter(out));
        down.setErr(new PrintWriter(err));
        assertThat(down.execute("send", "--to", "0502345678", "--template", "en", "--config", config().toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("refused: the opt-out list cannot be read (Redis is down)");
        assertThat(outbox()).doesNotExist();
        assertThat(down.execute("send", "--to", "0502345678", "--template", "en", "--dry-run", "--config",
                config().toString())).isZero();
        assertThat(out.toString()).contains("dry run: nothing sent");
    }

    @Test
    void a_number_of_a_country_not_allowed_is_refused() throws IOException {
        int code = run("send", "--to", "+447911123456", "--template", "en", "--config", config().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("country-not-allowed");
    }

    @Test
    void an_unknown_template_language_or_flow_is_a_usage_error() throws IOException {
        String cfg = config().toString();
        assertThat(run("send", "--to", "+972502345678", "--template", "fr", "--config", cfg)).isEqualTo(2);
        assertThat(err.toString()).contains("no template for language \"fr\" (templates: en, he)");

        assertThat(run("send", "--to", "+972502345678", "--template", "en", "--flow", "nope", "--config", cfg))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no flow \"nope\"");
    }

    @Test
    void a_missing_option_is_a_usage_error() {
        assertThat(run("send", "--template", "en")).isEqualTo(2);
        assertThat(err.toString()).contains("--to");
    }

    @Test
    void a_gateway_failure_exits_1_with_the_gateways_words() throws IOException {
        Function<WaitlessConfig.Sms, SmsGateway> failing = sms -> new SmsGateway() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public SmsReceipt send(SmsMessage message) {
                throw new SmsException("HTTP 400, Twilio code 21211", false);
            }
        };
        int code = run(failing, "send", "--to", "+972502345678", "--template", "en", "--config", config().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("failed:   HTTP 400, Twilio code 21211");
    }

    @Test
    void a_bad_config_file_exits_1_with_its_errors() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "sms:\n  gateway: pigeon\n");
        int code = run("send", "--to", "+972502345678", "--template", "en", "--config", bad.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("sms.gateway");
    }
}
