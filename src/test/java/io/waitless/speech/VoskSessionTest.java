package io.waitless.speech;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The session's threading and bookkeeping, on a scripted fake of the native recognizer. */
class VoskSessionTest {

    /** Ends an utterance after every frame whose first sample is 1, answering the next scripted JSON. */
    static final class FakeDecoder implements VoskDecoder {
        final Deque<String> results = new ArrayDeque<>();
        final List<Integer> fed = new CopyOnWriteArrayList<>();
        final AtomicInteger frees = new AtomicInteger();
        final CountDownLatch freed = new CountDownLatch(1);
        volatile String finalResult = "{\"text\":\"\"}";
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean usedAfterFree;

        FakeDecoder script(String... json) {
            results.addAll(List.of(json));
            return this;
        }

        @Override
        public boolean accept(short[] samples) {
            check();
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            fed.add(samples.length);
            return samples[0] == 1;
        }

        @Override
        public String result() {
            check();
            return results.removeFirst();
        }

        @Override
        public String finalResult() {
            check();
            return finalResult;
        }

        @Override
        public void free() {
            check();
            frees.incrementAndGet();
            freed.countDown();
        }

        private void check() {
            if (frees.get() > 0) {
                usedAfterFree = true;
            }
        }
    }

    static String words(String text, double... conf) {
        String[] w = text.split(" ");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            items.add("{\"conf\":" + conf[i] + ",\"end\":" + (i + 1) + ".0,\"start\":" + i + ".0,\"word\":\"" + w[i] + "\"}");
        }
        return "{\"result\":[" + String.join(",", items) + "],\"text\":\"" + text + "\"}";
    }

    private static short[] frame(int first) {
        short[] f = new short[160];
        f[0] = (short) first;
        return f;
    }

    private final AtomicInteger releases = new AtomicInteger();

    /** Waits for the release count (the latch in free() opens just before onRelease runs), then checks it stays. */
    private void awaitReleases(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (releases.get() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(20);
        assertThat(releases).hasValue(n);
    }

    private VoskSession session(FakeDecoder d, SpeechListener l, Duration deadline) {
        return new VoskSession(d, l, "vosk-test", deadline, releases::incrementAndGet);
    }

    @Test
    void segments_reach_the_listener_and_end_joins_them_with_the_final_result() throws InterruptedException {
        FakeDecoder d = new FakeDecoder().script(words("my internet", 1.0, 0.8));
        d.finalResult = words("is down", 0.6, 0.6);
        List<Transcript> segments = new CopyOnWriteArrayList<>();
        VoskSession s = session(d, segments::add, Duration.ofSeconds(5));
        s.accept(frame(0));
        s.accept(frame(1));
        s.accept(frame(0));
        Transcript t = s.end();

        assertThat(t.text()).isEqualTo("my internet is down");
        assertThat(t.confidence()).isCloseTo(0.75, within(1e-9));
        assertThat(t.audio()).isEqualTo(Duration.ofMillis(60));
        assertThat(segments).singleElement().satisfies(seg -> {
            assertThat(seg.text()).isEqualTo("my internet");
            assertThat(seg.confidence()).isCloseTo(0.9, within(1e-9));
            assertThat(seg.audio()).isPositive();
        });
        assertThat(d.fed).containsExactly(160, 160, 160);
        assertThat(d.freed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(d.frees).hasValue(1);
        awaitReleases(1); // onRelease runs right after free() returns, on the decoding thread
    }

    @Test
    void unk_words_are_left_out_of_the_text_but_lower_the_confidence() {
        FakeDecoder d = new FakeDecoder();
        d.finalResult = words("[unk] no thanks", 1.0, 0.9, 0.9);
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        s.accept(frame(0));
        Transcript t = s.end();
        assertThat(t.text()).isEqualTo("no thanks");
        assertThat(t.confidence()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void nothing_but_unk_is_an_empty_transcript_with_zero_confidence() {
        FakeDecoder d = new FakeDecoder();
        d.finalResult = words("[unk] [unk]", 1.0, 1.0);
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        s.accept(frame(0));
        Transcript t = s.end();
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.confidence()).isZero();
    }

    @Test
    void accept_copies_the_frame() {
        FakeDecoder d = new FakeDecoder();
        d.gate = new CountDownLatch(1);
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        short[] f = frame(1);
        d.script(words("yes", 1.0));
        s.accept(f);
        f[0] = 0; // the caller reuses its buffer before the decoder got to it
        d.gate.countDown();
        assertThat(s.end().text()).isEqualTo("yes");
    }

    @Test
    void accept_after_end_or_close_is_refused_and_close_after_end_is_harmless() throws InterruptedException {
        FakeDecoder d = new FakeDecoder();
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        s.end();
        assertThatThrownBy(() -> s.accept(frame(0))).isInstanceOf(IllegalStateException.class);
        s.close();
        s.close();
        assertThatThrownBy(() -> s.accept(frame(0))).isInstanceOf(IllegalStateException.class);
        assertThat(d.freed.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(d.frees).hasValue(1);
        awaitReleases(1); // onRelease runs right after free() returns, on the decoding thread
        assertThat(d.usedAfterFree).isFalse();
    }

    @Test
    void close_without_end_frees_once_after_the_running_native_call_returns() throws InterruptedException {
        FakeDecoder d = new FakeDecoder();
        d.gate = new CountDownLatch(1); // the decoder is "inside" acceptWaveForm
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            s.accept(frame(0));
        }
        assertThat(d.entered.await(5, TimeUnit.SECONDS)).isTrue();
        s.close();
        s.close();
        assertThatThrownBy(() -> s.accept(frame(0))).isInstanceOf(IllegalStateException.class);
        Thread.sleep(50);
        assertThat(d.frees).hasValue(0); // not while a native call may run
        d.gate.countDown();
        assertThat(d.freed.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(d.frees).hasValue(1);
        assertThat(d.fed.size()).as("abandoned frames are skipped").isLessThan(50);
        assertThat(d.usedAfterFree).isFalse();
        awaitReleases(1); // onRelease runs right after free() returns, on the decoding thread
    }

    @Test
    void end_that_misses_its_deadline_throws_and_the_recognizer_is_still_freed_once() throws InterruptedException {
        FakeDecoder d = new FakeDecoder();
        d.gate = new CountDownLatch(1);
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofMillis(100));
        s.accept(frame(0));
        assertThatThrownBy(s::end).isInstanceOf(SpeechException.class).hasMessageContaining("did not finish within");
        s.close();
        d.gate.countDown();
        assertThat(d.freed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(d.frees).hasValue(1);
        assertThat(d.usedAfterFree).isFalse();
    }

    @Test
    void a_failing_listener_does_not_stop_decoding() {
        FakeDecoder d = new FakeDecoder().script(words("yes", 0.9));
        d.finalResult = words("please", 0.7);
        VoskSession s = session(d, seg -> { throw new IllegalStateException("listener bug"); }, Duration.ofSeconds(5));
        s.accept(frame(1));
        assertThat(s.end().text()).isEqualTo("yes please");
    }

    @Test
    void an_unreadable_result_fails_end_with_a_speech_exception_and_still_frees() throws InterruptedException {
        FakeDecoder d = new FakeDecoder();
        d.finalResult = "garbage";
        VoskSession s = session(d, SpeechListener.NONE, Duration.ofSeconds(5));
        assertThatThrownBy(s::end).isInstanceOf(SpeechException.class).hasMessageContaining("garbage");
        assertThat(d.freed.await(5, TimeUnit.SECONDS)).isTrue();
        awaitReleases(1); // onRelease runs right after free() returns, on the decoding thread
    }
}
