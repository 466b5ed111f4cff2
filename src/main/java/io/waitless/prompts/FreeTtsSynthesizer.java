package io.waitless.prompts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.AudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Speaks text with a FreeTTS voice into memory: no sound card, works headless, no global
 * {@code freetts.voices} property. Only voices that speak 8000 Hz 16-bit mono natively are
 * accepted ({@code kevin}); a voice at any other rate is refused rather than resampled.
 *
 * <p><b>Threading:</b> not thread-safe. FreeTTS voices hold mutable state: allocate one
 * synthesizer, use it from one thread, close it when done. Allocating costs about 0.3 s; speaking
 * a sentence a few tens of milliseconds. {@link #speak} blocks until the text is rendered.
 */
public final class FreeTtsSynthesizer implements AutoCloseable {

    private final Voice voice;
    private final CapturingPlayer player = new CapturingPlayer();

    private FreeTtsSynthesizer(Voice voice) {
        this.voice = voice;
    }

    /**
     * Allocates a voice from FreeTTS's Kevin directory.
     *
     * @param voiceName {@code kevin} (8 kHz); other names of the directory are accepted here but
     *                  refused at the first {@link #speak} if they are not 8 kHz
     * @param rate      speaking rate, words per minute (FreeTTS's default is 150)
     * @param pitch     base pitch, Hz (Kevin's default is 100)
     * @throws PromptException if FreeTTS has no voice of that name
     */
    public static FreeTtsSynthesizer open(String voiceName, float rate, float pitch) {
        Voice[] voices = new KevinVoiceDirectory().getVoices();
        Voice voice = Arrays.stream(voices)
                .filter(v -> v.getName().equals(voiceName))
                .findFirst()
                .orElseThrow(() -> new PromptException("FreeTTS has no voice '" + voiceName + "'; available: "
                        + Arrays.stream(voices).map(Voice::getName).toList() + " (use kevin: it speaks 8 kHz)"));
        FreeTtsSynthesizer s = new FreeTtsSynthesizer(voice);
        voice.setAudioPlayer(s.player);
        voice.allocate();
        voice.setRate(rate);
        voice.setPitch(pitch);
        return s;
    }

    /**
     * Renders {@code text} to 8 kHz 16-bit mono samples.
     *
     * @throws PromptException if FreeTTS fails or produces audio in another format
     */
    public short[] speak(String text) {
        player.clear();
        if (!voice.speak(text)) {
            throw new PromptException("FreeTTS could not speak: " + text);
        }
        if (player.failure != null) {
            throw new PromptException(player.failure);
        }
        return player.samples();
    }

    @Override
    public void close() {
        voice.deallocate();
    }

    /**
     * Collects what FreeTTS "plays". FreeTTS announces the format before each utterance (16-bit
     * signed, big-endian, 8000 Hz for kevin) and writes raw bytes; we keep the bytes and convert.
     */
    private final class CapturingPlayer implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format;
        private boolean bigEndian = true;
        private String failure;
        private float volume = 1f;

        void clear() {
            bytes.reset();
            failure = null;
        }

        short[] samples() {
            byte[] b = bytes.toByteArray();
            short[] out = new short[b.length / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = bigEndian ? b[2 * i] : b[2 * i + 1];
                int lo = bigEndian ? b[2 * i + 1] : b[2 * i];
                out[i] = (short) ((hi << 8) | (lo & 0xff));
            }
            return out;
        }

        @Override
        public void setAudioFormat(AudioFormat f) {
            format = f;
            boolean ok = f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && f.getSampleRate() == Wav.SAMPLE_RATE
                    && f.getSampleSizeInBits() == 16 && f.getChannels() == 1;
            if (!ok && failure == null) {
                failure = "FreeTTS voice '" + voice.getName() + "' speaks " + f
                        + "; Waitless needs 8000 Hz 16-bit mono and does not resample (use voice kevin)";
            }
            if (bytes.size() > 0 && f.isBigEndian() != bigEndian) {
                failure = "FreeTTS changed byte order within one text";
            }
            bigEndian = f.isBigEndian();
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int size) {
            if (failure == null) {
                bytes.write(audio, offset, size);
            }
            return true;
        }

        @Override public void pause() {}
        @Override public void resume() {}
        @Override public void reset() {}
        @Override public boolean drain() { return true; }
        @Override public void begin(int size) {}
        @Override public boolean end() { return true; }
        @Override public void cancel() {}
        @Override public void close() {}
        @Override public float getVolume() { return volume; }
        @Override public void setVolume(float v) { volume = v; }
        @Override public long getTime() { return 0; }
        @Override public void resetTime() {}
        @Override public void startFirstSampleTimer() {}
        @Override public void showMetrics() {}
    }
}
