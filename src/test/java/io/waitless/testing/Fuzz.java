package io.waitless.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fuzz run bounded in wall-clock time: generated cases from a seeded {@link Random}, as many as fit in
 * {@code -Dwaitless.fuzz.seconds} (default {@value #DEFAULT_SECONDS}). The seed is printed at the start and is
 * in every failure message ({@link #replay()}); {@code -Dwaitless.fuzz.seed=N} runs the same cases again.
 * One instance per test; {@link #run} plays cases from several workers at once, each with its own generator
 * forked from the seed (so each worker's cases are the same on a replay; how many fit in the budget varies).
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
    private final Map<String, Integer> kinds = new ConcurrentHashMap<>();

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
    private Random fork() {
        return new Random(random.nextLong());
    }

    /** One generated case: plays it and returns what went wrong, or null. */
    @FunctionalInterface
    public interface Case {
        String play(Random r) throws Exception;
    }

    /**
     * Plays cases from {@code workers} virtual threads until the budget is spent, and returns what went wrong (an
     * exception a case throws counts as a failure). Fails when a worker is still busy {@code caseLimit} (plus 5 s)
     * after the budget: a case hung. Prints how many cases of each {@linkplain #count kind} ran.
     */
    public List<String> run(int workers, Duration caseLimit, Case c) throws InterruptedException {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Random r = fork();
            threads.add(Thread.ofVirtual().name(name + "-fuzzer-" + w).start(() -> {
                while (more()) {
                    try {
                        String problem = c.play(r);
                        if (problem != null) {
                            failures.add(problem);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            if (!t.join(budget.plus(caseLimit).plus(Duration.ofSeconds(5)))) {
                throw new AssertionError("a fuzz worker is stuck in a case; " + this);
            }
        }
        System.out.println(this + " by kind " + kinds);
        return List.copyOf(failures);
    }

    /** Counts one case (or outcome) of {@code kind}. */
    public void count(String kind) {
        kinds.merge(kind, 1, Integer::sum);
    }

    /** Whether a case of {@code kind} was {@linkplain #count counted}. */
    public boolean ran(String kind) {
        return kinds.containsKey(kind);
    }

    public Map<String, Integer> kinds() {
        return Map.copyOf(kinds);
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
