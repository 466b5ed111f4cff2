package io.waitless;

import io.waitless.sim.CallSimulator;
import io.waitless.sim.SimulatedQueue;
import io.waitless.testing.MutableClock;
import io.waitless.testing.RedisServer;
import io.waitless.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8's clock fault, on a whole node: the node's clock steps back five minutes (an NTP correction) between a
 * caller opening their link and the self-service site redeeming its token, then jumps two hours ahead. Calls go on
 * being answered and texted through both; the token a step back made look "issued in the future" still redeems
 * (it is ours: its signature says so), and a token older than its lifetime after the jump ahead is refused as
 * expired, not as malformed.
 */
class ClockJumpIT {

    private static final Pattern LINK = Pattern.compile("/l/([0-9A-Za-z]{12})");

    @TempDir
    Path dir;

    @Test
    void calls_links_and_tokens_survive_the_clock_stepping_back_and_jumping_ahead() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RedisServer redis = RedisServer.start();
             App app = App.start(TestConfigs.config(dir, redis.uri()), clock);
             HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            assertThat(call(app, 1).acceptStatus()).isEqualTo("sent");
            String token = open(app, http, lastCode(app));

            clock.advance(Duration.ofMinutes(-5)); // the token now looks issued five minutes from now
            assertThat(redeem(app, http, token).statusCode()).isEqualTo(200);
            CallSimulator.Report after = call(app, 2);
            assertThat(after.steps().getFirst()).contains("WAITLESS_STATUS=ok");
            assertThat(after.acceptStatus()).isEqualTo("sent");
            String second = open(app, http, lastCode(app));

            clock.advance(Duration.ofHours(2)); // past the token's 15 minutes, within the link's 7 days
            HttpResponse<String> late = redeem(app, http, second);
            assertThat(late.statusCode()).isEqualTo(410);
            assertThat(late.body()).contains("expired");
            CallSimulator.Report later = call(app, 3);
            assertThat(later.acceptStatus()).isEqualTo("sent");
            assertThat(later.hangupStatus()).isNotBlank();
            assertThat(open(app, http, lastCode(app))).isNotBlank();
        }
    }

    private static CallSimulator.Report call(App app, int n) throws Exception {
        return new CallSimulator("127.0.0.1", app.agiPort(), new SimulatedQueue()).run(new CallSimulator.Caller(
                "caller-" + n, "+97250" + (2 + n) + "345678", 0, "support", Optional.of(Duration.ofSeconds(60)), false,
                Duration.ofSeconds(30), CallSimulator.Ending.ABANDON));
    }

    private static String lastCode(App app) throws Exception {
        List<String> lines = Files.readAllLines(app.config().sms().outbox());
        Matcher m = LINK.matcher(lines.getLast());
        assertThat(m.find()).as("a link in %s", lines.getLast()).isTrue();
        return m.group(1);
    }

    /** Opens the short link; returns the token the redirect carries. */
    private static String open(App app, HttpClient http, String code) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base(app, "/l/" + code)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("wl_token=") + "wl_token=".length());
    }

    private static HttpResponse<String> redeem(App app, HttpClient http, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base(app, "/api/tokens/redeem"))
                .header("Authorization", "Bearer " + TestConfigs.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI base(App app, String path) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + path);
    }
}
