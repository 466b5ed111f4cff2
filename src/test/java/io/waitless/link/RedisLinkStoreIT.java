package io.waitless.link;

import io.waitless.config.WaitlessConfig;
import io.waitless.journal.RedisConnector;
import io.waitless.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RedisLinkStore} against a real redis-server. */
class RedisLinkStoreIT {

    private static final String PREFIX = "wl-it:";
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final URI FLOW = URI.create("https://my.galilcable.example/pay");

    private static RedisServer server;
    private static UnifiedJedis client;
    private static RedisLinkStore store;

    @BeforeAll
    static void start_redis() throws Exception {
        server = RedisServer.start();
        client = connect(server.uri());
        store = new RedisLinkStore(client, PREFIX);
    }

    @AfterAll
    static void stop_redis() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void a_created_link_is_found_with_every_field() {
        ShortLink link = link("Rt7kQ2mX9pLa", Instant.now().plus(Duration.ofDays(7)));

        assertThat(store.create(link)).isTrue();

        assertThat(store.find("Rt7kQ2mX9pLa")).contains(link);
        assertThat(client.pttl(PREFIX + "link:Rt7kQ2mX9pLa")).isBetween(1L, Duration.ofDays(7).toMillis());
    }

    @Test
    void a_code_that_is_taken_is_refused_and_the_first_link_stays() {
        ShortLink first = link("Dup0Code0001", Instant.now().plus(Duration.ofHours(1)));
        ShortLink second = new ShortLink("Dup0Code0001", "other-deflection", "check-outage",
                URI.create("https://galilcable.example/outages"), Instant.now().plus(Duration.ofHours(2))
                .truncatedTo(ChronoUnit.MILLIS));

        assertThat(store.create(first)).isTrue();
        assertThat(store.create(second)).isFalse();

        assertThat(store.find("Dup0Code0001")).contains(first);
    }

    @Test
    void a_link_created_already_expired_is_not_found() {
        assertThat(store.create(link("Expired00001", Instant.now().minusSeconds(1)))).isTrue();

        assertThat(store.find("Expired00001")).isEmpty();
        assertThat(client.exists(PREFIX + "link:Expired00001")).isFalse();
    }

    @Test
    void a_link_is_not_found_once_its_expiry_passes() throws Exception {
        Instant expires = Instant.now().plusMillis(300);
        store.create(link("ShortLived01", expires));
        assertThat(store.find("ShortLived01")).isPresent();

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 50);

        assertThat(store.find("ShortLived01")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "../../etc/passwd", "abc", "Rt7kQ2mX9pL!", "Rt7kQ2mX 9pL", "Rt7kQ2mX9pLá",
            "*", "wl-it:link:*", ""})
    void a_malformed_code_is_not_found_without_asking_redis(String code) {
        try (UnifiedJedis nowhere = connectToNothing()) {
            // a store whose Redis is down throws when it is asked anything
            assertThat(new RedisLinkStore(nowhere, PREFIX).find(code)).isEmpty();
        }
    }

    @Test
    void a_code_of_200_characters_is_not_found_without_asking_redis() {
        try (UnifiedJedis nowhere = connectToNothing()) {
            assertThat(new RedisLinkStore(nowhere, PREFIX).find("a".repeat(200))).isEmpty();
        }
    }

    @Test
    void with_the_store_down_find_and_create_throw_a_link_store_exception_within_the_timeout() {
        try (UnifiedJedis nowhere = connectToNothing()) {
            RedisLinkStore down = new RedisLinkStore(nowhere, PREFIX);
            long t0 = System.nanoTime();

            assertThatThrownBy(() -> down.find("Rt7kQ2mX9pLa")).isInstanceOf(LinkStoreException.class)
                    .hasMessageContaining("could not read");
            assertThatThrownBy(() -> down.create(link("Rt7kQ2mX9pLb", Instant.now().plusSeconds(60))))
                    .isInstanceOf(LinkStoreException.class).hasMessageContaining("could not store");

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(4));
        }
    }

    /** A client for a Redis that is not there (a port nothing listens on): every command fails. */
    private static UnifiedJedis connectToNothing() {
        URI nowhere;
        try (var s = new java.net.ServerSocket(0)) {
            nowhere = URI.create("redis://127.0.0.1:" + s.getLocalPort() + "/0");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return connect(nowhere);
    }

    private static UnifiedJedis connect(URI uri) {
        return RedisConnector.connect(new WaitlessConfig.Redis(uri, "", PREFIX, TIMEOUT));
    }

    private static ShortLink link(String code, Instant expires) {
        return new ShortLink(code, "d-" + code, "pay-bill", FLOW, expires.truncatedTo(ChronoUnit.MILLIS));
    }
}
