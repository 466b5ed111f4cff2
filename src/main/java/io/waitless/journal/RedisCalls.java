package io.waitless.journal;

import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.SocketTimeoutException;
import java.util.function.Supplier;

/**
 * Runs a Redis command once more when its pooled connection turned out to be dead (Redis restarted since
 * it was last used: the failure is immediate), but never after a timeout, so a frozen Redis still costs a
 * call at most one {@code redis.timeout}.
 */
public final class RedisCalls {
    private RedisCalls() {
    }

    public static <T> T retryingDeadConnection(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException e) {
            if (timedOut(e)) {
                throw e;
            }
            return command.get(); // the pool dropped the broken connection; this borrows a fresh one
        }
    }

    /**
     * {@link #retryingDeadConnection} for a store behind a port: a failure becomes the port's own "unavailable"
     * exception, made by {@code unavailable} from {@code "cannot <what> in Redis: <cause>"} and the cause.
     */
    public static <T> T run(String what, Supplier<T> command,
                            java.util.function.BiFunction<String, RuntimeException, ? extends RuntimeException> unavailable) {
        try {
            return retryingDeadConnection(command);
        } catch (RuntimeException e) {
            throw unavailable.apply("cannot " + what + " in Redis: " + e.getMessage(), e);
        }
    }

    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.NoSuchElementException) {
                return true; // a read timeout, or no connection free within the pool's maxWait
            }
            if (t.getMessage() != null && t.getMessage().contains("Failed to connect")) {
                return true; // nothing to retry: Redis is not there
            }
        }
        return false;
    }
}
