package io.waitless.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EventSpoolTest {

    @TempDir
    Path dir;

    private static Map<String, String> entry(int i) {
        return Map.of("type", "call.arrived", "time", Long.toString(1_790_000_000_000L + i), "call", "c" + i,
                "a", "{\"queue\":\"support\",\"note\":\"line\\nbreak \\\"quoted\\\" שלום\"}");
    }

    private static List<Map<String, String>> entries(int from, int n) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(entry(i));
        }
        return out;
    }

    /** Everything of the oldest segment from 0, as the replayer would read it page by page. */
    private static List<Map<String, String>> drain(EventSpool spool, int page) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        EventSpool.Segment s;
        while ((s = spool.oldest()) != null) {
            long at = 0;
            while (true) {
                EventSpool.Page p = spool.read(s, at, page);
                if (p.entries().isEmpty()) {
                    assertThat(spool.release(s, p.to())).isTrue();
                    break;
                }
                out.addAll(p.entries());
                at = p.to();
            }
        }
        return out;
    }

    @Test
    void entries_come_back_in_the_order_they_were_spooled_with_every_field_intact() throws IOException {
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            assertThat(spool.pending()).isFalse();
            assertThat(spool.appendIfPending(() -> entries(0, 3))).as("nothing waits: Redis takes them").isFalse();
            spool.append(entries(0, 3));
            assertThat(spool.appendIfPending(() -> entries(3, 500))).as("behind what waits").isTrue();
            assertThat(spool.pending()).isTrue();

            assertThat(drain(spool, 7)).isEqualTo(entries(0, 503));
            assertThat(spool.pending()).isFalse();
            assertThat(spool.bytes()).isZero();
            assertThat(segments()).isEmpty();
            assertThat(spool.appendIfPending(() -> entries(0, 1))).isFalse();
        }
    }

    @Test
    void a_segment_is_not_released_while_it_holds_lines_the_replayer_has_not_read() throws IOException {
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            spool.append(entries(0, 2));
            EventSpool.Segment s = spool.oldest();
            EventSpool.Page p = spool.read(s, 0, 10);
            spool.append(entries(2, 1)); // came in after the read
            assertThat(spool.release(s, p.to())).isFalse();
            assertThat(spool.read(s, p.to(), 10).entries()).containsExactly(entry(2));
        }
    }

    @Test
    void what_an_earlier_run_left_is_pending_again_and_a_torn_last_line_is_cut_off() throws IOException {
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            spool.append(entries(0, 4));
        }
        Path segment = segments().getFirst();
        Files.writeString(segment, "{\"type\":\"call.ended\",\"ti", StandardOpenOption.APPEND); // killed mid-write
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            assertThat(spool.pending()).isTrue();
            spool.append(entries(4, 1));
            assertThat(drain(spool, 100)).isEqualTo(entries(0, 5));
        }
    }

    @Test
    void past_its_bound_the_spool_refuses_a_batch_whole_and_keeps_what_it_had() throws IOException {
        int one = EventSpool.encode(entries(0, 1)).length;
        try (EventSpool spool = new EventSpool(dir, one * 3L)) {
            spool.append(entries(0, 2));
            assertThatThrownBy(() -> spool.append(entries(2, 2))).isInstanceOf(EventSpool.SpoolException.class)
                    .hasMessageContaining("the spool is full");
            spool.append(entries(2, 1));
            assertThat(drain(spool, 100)).isEqualTo(entries(0, 3));
        }
    }

    @Test
    void a_full_disk_refuses_the_batch_and_leaves_no_part_of_it() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "/dev/full (writes fail with ENOSPC) is not here");
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            spool.append(entries(0, 1));
            drain(spool, 100);
            // the next segment's file is a disk that is full
            Files.createSymbolicLink(dir.resolve("events-000000000000001-aaaa.spool"), full);
        }
        try (EventSpool spool = new EventSpool(dir, 1 << 20)) {
            assertThat(spool.pending()).isTrue();
            assertThatThrownBy(() -> spool.append(entries(1, 3))).isInstanceOf(EventSpool.SpoolException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(spool.bytes()).isZero();
        }
    }

    @Test
    void a_second_node_cannot_use_the_same_directory() throws IOException {
        try (EventSpool first = new EventSpool(dir, 1 << 20)) {
            assertThatThrownBy(() -> new EventSpool(dir, 1 << 20)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another node");
            first.append(entries(0, 1));
        }
        try (EventSpool again = new EventSpool(dir, 1 << 20)) {
            assertThat(again.pending()).as("the lock went with the first").isTrue();
        }
    }

    @Test
    void a_line_that_does_not_read_comes_back_as_no_fields() {
        assertThat(EventSpool.decode("{\"type\":")).isEmpty();
        assertThat(EventSpool.decode("[1]")).isEmpty();
        assertThat(EventSpool.decode(new String(EventSpool.encode(List.of(entry(9))), StandardCharsets.UTF_8).strip()))
                .isEqualTo(entry(9));
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".spool")).sorted().toList();
        }
    }
}
