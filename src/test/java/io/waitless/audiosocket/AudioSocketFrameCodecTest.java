package io.waitless.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waitless.testing.AsteriskFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AudioSocketFrameCodecTest {
    private static final Pattern KIND_COUNT = Pattern.compile("^\\s+kind 0x(\\p{XDigit}{2}) .*?x(\\d+)\\b");
    private static final Pattern UUID_LINE = Pattern.compile("uuid ([0-9a-f-]{36})");
    private static final Pattern DIGIT_LINE = Pattern.compile("digit '(.)'");

    @ParameterizedTest
    @ValueSource(strings = {"audiosocket-caller-hangup", "audiosocket-from-agi-exec", "audiosocket-speech-dtmf"})
    void every_captured_frame_decodes_to_the_kinds_counts_uuid_and_digits_the_capture_describes(String capture)
            throws IOException {
        List<String> txt = List.of(new String(AsteriskFixtures.bytes(capture + ".txt"), StandardCharsets.UTF_8)
                .split("\n"));
        List<Frame> from = decodeAll(AsteriskFixtures.bytes(capture + ".from-asterisk.bin"));
        List<Frame> to = decodeAll(AsteriskFixtures.bytes(capture + ".to-asterisk.bin"));

        assertThat(kindCounts(from)).isEqualTo(describedCounts(txt, "## From Asterisk"));
        assertThat(kindCounts(to)).isEqualTo(describedCounts(txt, "## To Asterisk"));

        UUID described = txt.stream().map(UUID_LINE::matcher).filter(Matcher::find)
                .map(m -> UUID.fromString(m.group(1))).findFirst().orElseThrow();
        assertThat(from.getFirst()).isEqualTo(new Frame.Uuid(described));

        List<Character> digits = txt.stream().map(DIGIT_LINE::matcher).filter(Matcher::find)
                .map(m -> m.group(1).charAt(0)).toList();
        assertThat(from.stream().filter(f -> f instanceof Frame.Dtmf).map(f -> ((Frame.Dtmf) f).digit()).toList())
                .isEqualTo(digits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audiosocket-caller-hangup.from-asterisk.bin", "audiosocket-caller-hangup.to-asterisk.bin",
        "audiosocket-from-agi-exec.from-asterisk.bin", "audiosocket-from-agi-exec.to-asterisk.bin",
        "audiosocket-speech-dtmf.from-asterisk.bin", "audiosocket-speech-dtmf.to-asterisk.bin"})
    void encoding_the_decoded_frames_gives_back_the_captured_bytes(String file) throws IOException {
        byte[] captured = AsteriskFixtures.bytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : decodeAll(captured)) {
            FrameEncoder.write(out, f);
        }
        assertThat(out.toByteArray()).isEqualTo(captured);
    }

    @Test
    void the_short_last_audio_frame_and_the_silence_we_send_decode_as_captured() throws IOException {
        List<Frame> from = decodeAll(AsteriskFixtures.bytes("audiosocket-speech-dtmf.from-asterisk.bin"));
        assertThat(((Frame.Audio) from.get(111)).pcm()).hasSize(276);
        List<Frame> to = decodeAll(AsteriskFixtures.bytes("audiosocket-speech-dtmf.to-asterisk.bin"));
        assertThat(to.getFirst()).isEqualTo(Frame.Audio.silence());
        assertThat(to.getLast()).isEqualTo(new Frame.Hangup());
    }

    @Test
    void samples_are_little_endian_both_ways() {
        Frame.Audio a = Frame.Audio.of(new short[] {0x0102, -2});
        assertThat(a.pcm()).containsExactly(0x02, 0x01, 0xfe, 0xff);
        assertThat(a.samples()).containsExactly((short) 0x0102, (short) -2);
        assertThat(FrameEncoder.encode(new Frame.Error(4))).containsExactly(0xff, 0x00, 0x01, 0x04);
    }

    @Test
    void a_huge_audio_length_is_refused_before_reading_the_payload() {
        byte[] bytes = {0x10, (byte) 0xff, (byte) 0xfe};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(bytes)).read())
                .isInstanceOf(AudioSocketException.class).hasMessageContaining("65534")
                .hasMessageContaining("limit of 1600");
    }

    @Test
    void a_uuid_frame_of_the_wrong_length_is_refused() {
        byte[] bytes = {0x01, 0x00, 0x24};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(bytes)).read())
                .isInstanceOf(AudioSocketException.class).hasMessageContaining("must carry 16 bytes, announces 36");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18})
    void higher_rate_audio_kinds_are_refused_naming_the_kind(int kind) {
        byte[] bytes = {(byte) kind, 0x01, 0x40};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(bytes)).read())
                .isInstanceOf(AudioSocketException.class)
                .hasMessageContaining("kind 0x" + Integer.toHexString(kind))
                .hasMessageContaining(FrameDecoder.higherRate(kind))
                .hasMessageContaining("not supported");
    }

    @Test
    void slin16_is_named_in_the_error() {
        byte[] bytes = {0x12, 0x02, (byte) 0x80};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(bytes)).read())
                .hasMessage("audio kind 0x12 (slin16) is not supported: Waitless reads only kind 0x10 (slin 8 kHz)");
    }

    @Test
    void an_unknown_kind_is_refused() {
        byte[] bytes = {0x42, 0x00, 0x00};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(bytes)).read())
                .isInstanceOf(AudioSocketException.class).hasMessage("unknown frame kind 0x42 (length 0)");
    }

    @Test
    void a_stream_ending_inside_a_frame_is_an_eof_but_between_frames_it_is_a_clean_end() throws IOException {
        byte[] midPayload = {0x10, 0x01, 0x40, 1, 2, 3};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(midPayload)).read())
                .isInstanceOf(EOFException.class).hasMessageContaining("after 3 of 320");
        byte[] midHeader = {0x10, 0x01};
        assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(midHeader)).read())
                .isInstanceOf(EOFException.class).hasMessageContaining("header");
        FrameDecoder clean = new FrameDecoder(new ByteArrayInputStream(new byte[] {0x00, 0x00, 0x00}));
        assertThat(clean.read()).isEqualTo(new Frame.Hangup());
        assertThat(clean.read()).isNull();
    }

    static List<Frame> decodeAll(byte[] bytes) throws IOException {
        FrameDecoder d = new FrameDecoder(new ByteArrayInputStream(bytes));
        List<Frame> frames = new ArrayList<>();
        for (Frame f = d.read(); f != null; f = d.read()) {
            frames.add(f);
        }
        return frames;
    }

    private static Map<Integer, Long> kindCounts(List<Frame> frames) {
        return frames.stream().collect(Collectors.groupingBy(Frame::kind, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static Map<Integer, Long> describedCounts(List<String> txt, String section) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        boolean in = false;
        for (String line : txt) {
            if (line.startsWith("## ")) {
                in = line.startsWith(section);
                continue;
            }
            Matcher m = KIND_COUNT.matcher(line);
            if (in && m.find()) {
                counts.put(Integer.parseInt(m.group(1), 16), Long.parseLong(m.group(2)));
            }
        }
        assertThat(counts).as(section).isNotEmpty();
        return counts;
    }
}
