package io.waitless.config;

import io.waitless.config.WaitlessConfig.GatewayKind;
import io.waitless.deflect.DigitalChannel;
import io.waitless.deflect.Flow;
import io.waitless.deflect.QueueSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example config/waitless.yaml that ships with Waitless (tests run in the project root). */
class ShippedConfigTest {

    private static final Path SHIPPED = Path.of("config/waitless.yaml");
    /** Every secret the shipped file reads from the environment, set to a strong value. */
    static final Map<String, String> PRODUCTION_ENV = Map.of("WAITLESS_CALLER_KEY", "k".repeat(40),
            "WAITLESS_FOLLOWUP_KEY", "f".repeat(40),
            "WAITLESS_LINK_KEY_1", "l".repeat(44), "WAITLESS_API_KEY", "a".repeat(40),
            "WAITLESS_KANNEL_HOOK_SECRET", "h".repeat(40), "WAITLESS_DASHBOARD_SESSION_SECRET", "d".repeat(40),
            "WAITLESS_DASHBOARD_DEMO_HASH", "$2a$12$KLerYPV388B.tTx2uAxIi.2IJxO5Sa6c8izs3geGtepOY.0eSb/9u");

    private final ConfigLoader.Loaded loaded = new ConfigLoader(Map.of()).loadWithWarnings(SHIPPED);
    private final WaitlessConfig config = loaded.config();

    @Test
    void the_shipped_config_loads_with_galil_cable_and_its_four_flows() {
        assertThat(config.source()).isEqualTo(SHIPPED);
        assertThat(config.company().name()).isEqualTo("Galil Cable");
        assertThat(config.flows()).extracting(Flow::id)
                .containsExactly("pay-bill", "check-outage", "moving", "change-plan");
        assertThat(config.channels()).extracting(DigitalChannel::kind)
                .containsExactly(DigitalChannel.Kind.APP, DigitalChannel.Kind.WEB, DigitalChannel.Kind.WHATSAPP);
        assertThat(config.flow("pay-bill")).get().extracting(Flow::channel).isEqualTo("app");
    }

    @Test
    void every_flow_has_one_promotion_and_pay_in_app_carries_its_incentive() throws Exception {
        assertThat(config.promotions()).hasSize(4);
        assertThat(config.promotions()).allSatisfy(p -> assertThat(p.playsIn("support")).isTrue());
        assertThat(config.promotions().stream().map(p -> p.flow()).distinct()).hasSize(4);
        var pay = config.promotion("pay-in-app").orElseThrow();
        assertThat(pay.incentive()).isEqualTo("No fee when you pay in the app.");
        assertThat(pay.priority()).isEqualTo(10);
        assertThat(pay.spokenText()).endsWith("in under a minute. No fee when you pay in the app.");
    }

    @Test
    void agi_http_and_redis_values_are_read_with_their_units() throws Exception {
        assertThat(config.agi().bind()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(config.agi().port()).isEqualTo(4573);
        assertThat(config.agi().allow()).extracting(Cidr::toString)
                .containsExactly("127.0.0.1/32", "0:0:0:0:0:0:0:1/128", "10.0.0.0/8");
        assertThat(config.speech().allow()).isEqualTo(config.agi().allow());
        assertThat(config.agi().scriptDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.agi().hangupDeadline()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.redis().uri()).isEqualTo(URI.create("redis://127.0.0.1:6379/0"));
        assertThat(config.redis().password()).isEmpty();
        assertThat(config.redis().keyPrefix()).isEqualTo("waitless:");
        assertThat(config.redis().timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void callers_sms_and_links_are_set_for_israeli_mobiles_and_the_log_gateway() {
        assertThat(config.callers().defaultRegion()).isEqualTo("IL");
        assertThat(config.callers().allowedCountries()).containsExactly("IL");
        assertThat(config.callers().allowFixedOrMobile()).isFalse();
        assertThat(config.sms().gateway()).isEqualTo(GatewayKind.LOG);
        assertThat(config.sms().sender()).isEqualTo("GalilCable");
        assertThat(config.sms().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.sms().outbox()).isEqualTo(Path.of("var/sms-outbox.jsonl"));
        assertThat(config.sms().templates().get("en")).contains("{link}");
        assertThat(config.sms().kannel()).get().extracting(k -> k.sendsmsUrl())
                .isEqualTo(URI.create("http://127.0.0.1:13013/cgi-bin/sendsms"));
        assertThat(config.links().publicBaseUrl()).isEqualTo(URI.create("https://go.galilcable.example"));
        assertThat(config.links().codeLength()).isEqualTo(12);
        assertThat(config.links().ttl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void prompts_have_all_six_texts_and_relative_paths_stay_relative_to_the_working_directory() {
        var prompts = config.prompts();
        List<String> all = new java.util.ArrayList<>(PromptsReader.TEXTS);
        all.addAll(PromptsReader.SPOKEN.keySet());
        assertThat(prompts.texts()).containsOnlyKeys(all);
        assertThat(prompts.directory()).isEqualTo(Path.of("prompts"));
        assertThat(prompts.directory().isAbsolute()).isFalse();
        assertThat(prompts.holdMusic()).isEmpty();
        assertThat(prompts.mohDirectory()).isEqualTo(Path.of("prompts/moh"));
        assertThat(prompts.asteriskMohDirectory()).isEqualTo(Path.of("/var/lib/asterisk/waitless/moh"));
        assertThat(prompts.musicBetween()).isEqualTo(Duration.ofSeconds(20));
        assertThat(prompts.voice()).isEqualTo("kevin");
        assertThat(prompts.rate()).isEqualTo(150f);
        assertThat(prompts.pitch()).isEqualTo(100f);
    }

    @Test
    void the_support_queue_speaks_english_and_announces_every_minute() {
        assertThat(config.queues()).containsExactly(new QueueSettings("support", "en", Duration.ofSeconds(60)));
    }

    @Test
    void the_sms_template_fits_one_segment_with_every_flow_title() {
        String link = config.links().publicBaseUrl() + "/l/" + "x".repeat(config.links().codeLength());
        for (Flow f : config.flows()) {
            String text = SmsReader.render(config.sms().templates().get("en"), config.company().name(), f.title(), link);
            assertThat(SmsSegments.count(text)).as(text).isEqualTo(1);
        }
        assertThat(loaded.warnings()).noneMatch(w -> w.contains("segments"));
    }

    @Test
    void without_environment_the_warnings_are_the_demo_secrets() {
        assertThat(loaded.warnings()).hasSize(7).allSatisfy(w -> assertThat(w).startsWith("config/waitless.yaml:")
                .contains("is not set, so the default written in the file is used"));
        assertThat(String.join("\n", loaded.warnings()))
                .contains("callers.reference-key: WAITLESS_CALLER_KEY is not set")
                .contains("links.signing.keys[0].secret: WAITLESS_LINK_KEY_1 is not set")
                .contains("api.keys[0]: WAITLESS_API_KEY is not set")
                .contains("hooks.kannel-secret: WAITLESS_KANNEL_HOOK_SECRET is not set")
                .contains("dashboard.users[0].password-hash: WAITLESS_DASHBOARD_DEMO_HASH is not set")
                .contains("dashboard.session-secret: WAITLESS_DASHBOARD_SESSION_SECRET is not set")
                .contains("followup.encryption-key: WAITLESS_FOLLOWUP_KEY is not set");
    }

    @Test
    void signing_api_hooks_and_keywords_are_read_with_their_defaults() {
        assertThat(config.links().signing().keys()).extracting(k -> k.id()).containsExactly("k1");
        assertThat(config.links().signing().tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.links().signing().issuer()).isEqualTo("https://go.galilcable.example");
        assertThat(config.api().keys()).containsExactly("demo-only-api-key-do-not-use-in-production");
        assertThat(config.hooks().twilioAuthToken()).isEmpty();
        assertThat(config.hooks().publicBaseUrl()).isEqualTo(URI.create("https://go.galilcable.example"));
        assertThat(config.smsIn().optOutKeywords()).contains("STOP", "הסר").hasSize(10);
        assertThat(config.smsIn().optInKeywords()).containsExactly("START", "UNSTOP");
        assertThat(config.company().website()).contains(URI.create("https://www.galilcable.example"));
    }

    @Test
    void follow_ups_are_on_with_a_seven_point_survey_in_allowed_hours_and_no_alert_webhook() {
        var f = config.followUp();
        assertThat(f.enabled()).isTrue();
        assertThat(f.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(f.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(f.resendUncertain()).isFalse();
        assertThat(f.survey().scaleMin()).isEqualTo(1);
        assertThat(f.survey().scaleMax()).isEqualTo(7);
        assertThat(f.survey().from()).isEqualTo(java.time.LocalTime.of(9, 0));
        assertThat(f.survey().until()).isEqualTo(java.time.LocalTime.of(20, 0));
        assertThat(f.survey().oncePer()).isEqualTo(Duration.ofDays(30));
        assertThat(f.survey().question()).containsKeys("en", "he");
        assertThat(f.survey().comment()).containsKey("en");
        assertThat(f.alerts().lowScore()).isEqualTo(2);
        assertThat(f.alerts().negativeWords().get("en")).contains("useless", "doesn't work");
        assertThat(f.alerts().webhookUrl()).isEmpty();
        assertThat(f.returnees().text()).isFalse();
    }

    @Test
    void secrets_come_from_the_environment_when_it_sets_them() {
        var env = new java.util.HashMap<>(PRODUCTION_ENV);
        env.put("WAITLESS_REDIS_PASSWORD", "s3cret");
        var withEnv = new ConfigLoader(env).loadWithWarnings(SHIPPED);
        assertThat(withEnv.config().redis().password()).isEqualTo("s3cret");
        assertThat(withEnv.config().callers().referenceKey()).isEqualTo("k".repeat(40));
        assertThat(withEnv.warnings()).isEmpty();
    }
}
