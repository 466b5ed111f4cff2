package io.waitless.cli;

import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;

/** A command that reads or keeps the journal in Redis ({@code report}, {@code journal}, {@code forget}). */
abstract class OnJournal extends RedisCommand {
    /** Today and now, for default ranges and retention (tests set it). */
    Clock clock = Clock.systemUTC();

    @Override
    String store() {
        return "the journal";
    }

    @Override
    boolean unreachable(RuntimeException e) {
        return e instanceof JedisException;
    }
}
