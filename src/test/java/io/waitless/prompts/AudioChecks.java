package io.waitless.prompts;

/** Measurements on 16-bit samples for the audio tests. */
final class AudioChecks {
    private AudioChecks() {}

    static double rms(short[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    static double rms(short[] s) {
        return rms(s, 0, s.length);
    }

    /** Longest run of consecutive samples at or within 1 % of full scale. */
    static int longestClippedRun(short[] s) {
        int longest = 0;
        int run = 0;
        for (short v : s) {
            run = Math.abs(v) >= 32440 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
