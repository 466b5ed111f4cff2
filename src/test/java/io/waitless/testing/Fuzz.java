package io.waitless.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fuzz run bounded in wall-clock time: generated cases from a seeded {@link Random}, as many as fit in
 * {@code -Dwaitless.fuzz.seconds} (default {@value #DEFAULT_SECONDS}). The seed is printed at the start and is
 * in every failure message ({@link #replay()}); {@code -Dwaitless.fuzz.seed=N} runs the same cases again.
 * One instance per test; {@link #more()} and {@link #random()} may be called from several workers at once
 * ({@link Random} is thread-safe; with more than one worker the order of cases varies, their content does not
 * per worker when each worker takes its own {@link #fork()}).
 */
public final class Fuzz {
    public static final String SECONDS_PROPERTY = "waitless.fuzz.seconds";
    public static final String SEED_PROPERTY = "waitless.fuzz.seed";
    public static final int DEFAULT_SECONDS = 3;

    private final String name;
    private final long seed;
    private final Random random;
    private final Duration budget;
    private final long deadline;
    private final AtomicInteger cases = new AtomicInteger();

    private Fuzz(String name, long seed, Duration budget) {
        this.name = name;
        this.seed = seed;
        this.random = new Random(seed);
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /** Starts the clock and prints the seed. */
    public static Fuzz start(String name) {
        String s = System.getProperty(SEED_PROPERTY, "");
        long seed = s.isBlank() ? new java.security.SecureRandom().nextLong() : Long.parseLong(s.strip());
        Duration budget = Duration.ofMillis((long) (1000 * Double.parseDouble(
                System.getProperty(SECONDS_PROPERTY, Integer.toString(DEFAULT_SECONDS)))));
        Fuzz fuzz = new Fuzz(name, seed, budget);
        System.out.println("fuzz " + name + ": " + fuzz.replay() + ", budget " + budget.toMillis() + " ms");
        return fuzz;
    }

    /** Whether there is time for another case; counts it. */
    public boolean more() {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        cases.incrementAndGet();
        return true;
    }

    public int cases() {
        return cases.get();
    }

    public Duration budget() {
        return budget;
    }

    public Random random() {
        return random;
    }

    /** A generator of its own for one worker, seeded from this run's generator. */
    public Random fork() {
        return new Random(random.nextLong());
    }

    /** {@code seed N (replay: -Dwaitless.fuzz.seed=N)}: put it in every assertion message. */
    public String replay() {
        return "seed " + seed + " (replay: -D" + SEED_PROPERTY + "=" + seed + ")";
    }

    @Override
    public String toString() {
        return "fuzz " + name + " " + replay() + ", " + cases() + " cases";
    }

    // ---- generators shared by the fuzzers

    /** {@code n} random bytes. */
    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    public static <T> T pick(Random r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }

    /**
     * A short text in a random one of the encodings peers get wrong: ASCII, Latin-1 bytes, invalid UTF-8, NUL
     * bytes, control characters, or a long run.
     */
    public static byte[] oddText(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> ("v" + r.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
            case 1 -> "Dana Lévi Ünïcödé".getBytes(StandardCharsets.ISO_8859_1);
            case 2 -> new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xa1, (byte) 0xe2, (byte) 0x28};
            case 3 -> new byte[] {'a', 0, 'b', 0, 0};
            case 4 -> new byte[] {'\r', '\t', 0x1b, '[', '3', '1', 'm', 0x7f};
            case 5 -> "x".repeat(r.nextInt(4000)).getBytes(StandardCharsets.US_ASCII);
            default -> bytes(r, 1 + r.nextInt(40));
        };
    }

    /** {@code bytes} cut at a random place (possibly whole). */
    public static byte[] truncated(Random r, byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1));
    }
}
