package io.waitless.speech;

import io.waitless.prompts.FreeTtsSynthesizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Real caller audio made here: FreeTTS kevin at 8 kHz, padded with quiet line noise. */
final class SpeechFixtures {

    static final List<String> PHRASES = List.of(
            "my internet is down",
            "I want to pay my bill",
            "I am moving to a new apartment",
            "yes please text me",
            "no thanks");

    private SpeechFixtures() {
    }

    /** Each phrase spoken by kevin, with 300 ms of faint noise before and 500 ms after. */
    static Map<String, short[]> utterances() {
        Map<String, short[]> out = new LinkedHashMap<>();
        try (FreeTtsSynthesizer tts = FreeTtsSynthesizer.open("kevin", 150, 100)) {
            Random rnd = new Random(7);
            for (String p : PHRASES) {
                out.put(p, concat(noise(2400, 30, rnd), tts.speak(p), noise(4000, 30, rnd)));
            }
        }
        return out;
    }

    static short[] noise(int samples, double rms, Random rnd) {
        short[] s = new short[samples];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(rnd.nextGaussian() * rms);
        }
        return s;
    }

    /** {@code speech} plus white noise at {@code snrDb} below the speech's RMS (over the whole clip). */
    static short[] withNoise(short[] speech, double snrDb, long seed) {
        double rms = Math.sqrt(Arrays.stream(toInts(speech)).mapToDouble(v -> (double) v * v).average().orElse(0));
        double noiseRms = rms / Math.pow(10, snrDb / 20);
        Random rnd = new Random(seed);
        short[] out = new short[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                    Math.round(speech[i] + rnd.nextGaussian() * noiseRms)));
        }
        return out;
    }

    static short[] concat(short[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Feeds {@code audio} as 20 ms frames (160 samples; the last may be shorter). */
    static void feed(SpeechSession session, short[] audio) {
        for (int i = 0; i < audio.length; i += 160) {
            session.accept(Arrays.copyOfRange(audio, i, Math.min(audio.length, i + 160)));
        }
    }

    private static int[] toInts(short[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }
}
