package io.waitless.prompts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavTest {

    @TempDir
    Path dir;

    @Test
    void samples_round_trip_through_a_canonical_44_byte_header() throws Exception {
        short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 1234, -4321};
        Path f = dir.resolve("a.wav");
        Wav.write(f, samples);

        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes).hasSize(44 + samples.length * 2);
        assertThat(new String(bytes, 0, 4)).isEqualTo("RIFF");
        assertThat(new String(bytes, 36, 4)).isEqualTo("data");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(b.getInt(24)).isEqualTo(8000);
        assertThat(b.getShort(44)).isEqualTo((short) 0);
        assertThat(b.getShort(50)).isEqualTo(Short.MAX_VALUE);
        assertThat(Wav.read(f)).containsExactly(samples);
    }

    @Test
    void duration_comes_from_the_data_length() {
        Path f = dir.resolve("b.wav");
        Wav.write(f, new short[12_000]);
        assertThat(Wav.duration(f)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void unknown_chunks_are_skipped_when_reading() {
        byte[] canonical = Wav.encode(new short[] {7, 8, 9});
        // RIFF header + fmt chunk, then an odd-sized LIST chunk (padded), then data
        ByteBuffer b = ByteBuffer.allocate(canonical.length + 8 + 3 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put(canonical, 0, 36);
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
        b.put(canonical, 36, canonical.length - 36);
        b.putInt(4, b.capacity() - 8);
        assertThat(Wav.decode(b.array(), "x.wav")).containsExactly((short) 7, (short) 8, (short) 9);
    }

    @Test
    void a_16_khz_file_is_refused_with_a_message_naming_it() {
        byte[] bytes = Wav.encode(new short[100]);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 16000);
        assertThatThrownBy(() -> Wav.decode(bytes, "music/loud.wav"))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("music/loud.wav")
                .hasMessageContaining("16000 Hz");
    }

    @Test
    void stereo_and_non_wav_files_are_refused() {
        byte[] stereo = Wav.encode(new short[100]);
        ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
        assertThatThrownBy(() -> Wav.decode(stereo, "s.wav")).hasMessageContaining("2 channel(s)");
        assertThatThrownBy(() -> Wav.decode("ID3 not a wav file".getBytes(), "song.mp3"))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("song.mp3 is not a WAV file");
    }
}
