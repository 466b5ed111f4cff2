package io.waitless.config;

import io.waitless.config.WaitlessConfig.Endpoint;
import io.waitless.config.WaitlessConfig.Redis;
import io.waitless.config.WaitlessConfig.Sentinel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code redis} section: one Redis at {@code uri}, or a master found through {@code sentinel} ({@code master}
 * and {@code nodes} both or neither, each node {@code host:port}, never together with {@code uri}).
 */
final class RedisReader {
    private RedisReader() {
    }

    static Redis read(Section s) {
        URI uri = s.scalar("uri")
                .flatMap(u -> Values.convert(s.problems(), u, v -> {
                    URI parsed = Values.uri(v);
                    if (!"redis".equals(parsed.getScheme()) && !"rediss".equals(parsed.getScheme()) || parsed.getHost() == null) {
                        throw new IllegalArgumentException("is not a Redis URI (redis://host:port/db or rediss://...)");
                    }
                    return parsed;
                }))
                .orElse(URI.create("redis://127.0.0.1:6379/0"));
        String password = Values.text(s, "password", "");
        String prefix = Values.text(s, "key-prefix", "waitless:");
        Duration timeout = Values.duration(s, "timeout", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(10));
        Optional<Sentinel> sentinel = sentinel(s.section("sentinel"));
        if (sentinel.isPresent() && s.has("uri")) {
            s.problems().error(s.lineOf("uri"), s.key("uri"), "is set together with redis.sentinel; with Sentinel the"
                    + " master's address comes from the sentinels, so remove one of them");
        }
        return new Redis(uri, password, prefix, timeout, sentinel);
    }

    /** Empty when the section is absent or wrong (each error recorded with its key and line). */
    private static Optional<Sentinel> sentinel(Section s) {
        if (!s.present()) {
            return Optional.empty();
        }
        int errors = s.problems().errorCount();
        Optional<String> master = s.scalar("master").filter(m -> !m.value().isBlank())
                .flatMap(m -> Values.convert(s.problems(), m, RedisReader::masterName));
        if (master.isEmpty() && s.problems().errorCount() == errors) {
            s.problems().error(s.lineOf("master"), s.key("master"), "is missing or empty; redis.sentinel needs both"
                    + " master (the name in the sentinels' 'sentinel monitor <name> ...') and nodes");
        }
        errors = s.problems().errorCount();
        List<Scalar> written = s.scalars("nodes");
        if (written.isEmpty() && s.problems().errorCount() == errors) {
            s.problems().error(s.lineOf("nodes"), s.key("nodes"), "is missing or empty; redis.sentinel needs both"
                    + " master and nodes: list the sentinels as host:port (e.g. [10.0.0.5:26379, 10.0.0.6:26379])");
        }
        List<Endpoint> nodes = written.stream()
                .flatMap(n -> Values.convert(s.problems(), n, RedisReader::endpoint).stream()).toList();
        String password = Values.text(s, "password", "");
        if (master.isEmpty() || nodes.isEmpty() || nodes.size() != written.size()) {
            return Optional.empty();
        }
        return Optional.of(new Sentinel(master.get(), nodes, password));
    }

    private static String masterName(String v) {
        if (!v.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("is not a master name (letters, digits, '.', '_', '-'), as in the"
                    + " sentinels' 'sentinel monitor <name> ...'");
        }
        return v;
    }

    /** {@code host:port} or {@code [v6]:port}; the host is not looked up here (it may resolve only later). */
    static Endpoint endpoint(String v) {
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "" : v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = ""; // an IPv6 literal without brackets: its port cannot be told apart
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || host.contains("/")) {
            throw new IllegalArgumentException("is not host:port (e.g. 10.0.0.5:26379, sentinel-a:26379 or [::1]:26379)");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not host:port: the port must be a number (e.g. 10.0.0.5:26379)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("is not host:port: the port must be 1..65535");
        }
        return new Endpoint(host, port);
    }
}
