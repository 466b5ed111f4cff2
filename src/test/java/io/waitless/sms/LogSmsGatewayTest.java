package io.waitless.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class LogSmsGatewayTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final String TEXT = "Galil Cable: continue here https://go.example.com/l/Ab3dE9xQ";

    @TempDir
    Path dir;

    private LogSmsGateway gateway(Path outbox) {
        return new LogSmsGateway(outbox, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void a_sent_text_is_one_json_line_with_the_number_masked() throws Exception {
        Path outbox = dir.resolve("var/sms-outbox.jsonl");

        SmsReceipt receipt = gateway(outbox).send(new SmsMessage("d-1", "+972501234567", "Waitless", TEXT));

        assertThat(receipt.gateway()).isEqualTo("log");
        assertThat(Files.readString(outbox, StandardCharsets.UTF_8)).isEqualTo(
                "{\"time\":\"2025-03-01T10:15:30Z\",\"reference\":\"d-1\",\"to\":\"+97250•••4567\","
                        + "\"from\":\"Waitless\",\"text\":\"" + TEXT + "\",\"segments\":1}\n");
    }

    @Test
    void the_outbox_never_holds_the_full_number() throws Exception {
        Path outbox = dir.resolve("outbox.jsonl");
        gateway(outbox).send(new SmsMessage("d-1", "+972501234567", "Waitless", TEXT));

        assertThat(Files.readString(outbox)).doesNotContain("972501234567").doesNotContain("501234567");
    }

    @Test
    void missing_parent_directories_are_created_and_lines_are_appended() {
        Path outbox = dir.resolve("a/b/c/outbox.jsonl");
        LogSmsGateway gateway = gateway(outbox);

        gateway.send(new SmsMessage("d-1", "+972501234567", "Waitless", "first"));
        gateway.send(new SmsMessage("d-2", "+447911123456", "Waitless", "second"));

        assertThat(LogSmsGateway.read(outbox)).containsExactly(
                new OutboxEntry(NOW, "d-1", "+97250•••4567", "Waitless", "first", 1),
                new OutboxEntry(NOW, "d-2", "+4479••••3456", "Waitless", "second", 1));
    }

    @Test
    void texts_with_quotes_backslashes_control_characters_and_hebrew_read_back_exactly() {
        Path outbox = dir.resolve("outbox.jsonl");
        String nasty = "\"quoted\" C:\\path\\ line1\nline2\r\ttab \b\f \u0000\u0001\u001f\u007f "
                + "שלום €🙂 \u2028\u2029 / </script> \ud800 lone";
        gateway(outbox).send(new SmsMessage("ref \"1\"\n", "+972501234567", "Wait\\less", nasty));

        OutboxEntry entry = LogSmsGateway.read(outbox).getFirst();

        assertThat(entry.text()).isEqualTo(nasty);
        assertThat(entry.reference()).isEqualTo("ref \"1\"\n");
        assertThat(entry.from()).isEqualTo("Wait\\less");
        assertThat(entry.segments()).isEqualTo(Gsm7.segments(nasty));
    }

    @Test
    void each_line_is_valid_single_line_json_in_utf8() throws Exception {
        Path outbox = dir.resolve("outbox.jsonl");
        gateway(outbox).send(new SmsMessage("d-1", "+972501234567", "W", "a\nb\u0000\"c\\ שלום"));

        byte[] bytes = Files.readAllBytes(outbox);
        String content = new String(bytes, StandardCharsets.UTF_8);
        assertThat(content.lines()).hasSize(1);
        assertThat(content).contains("\"text\":\"a\\nb\\u0000\\\"c\\\\ שלום\"");
        // Hebrew goes as UTF-8 bytes, not as \\u escapes
        assertThat(bytes).containsSequence("שלום".getBytes(StandardCharsets.UTF_8));
        assertThat(content.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void a_hebrew_text_is_counted_in_ucs2_segments() {
        Path outbox = dir.resolve("outbox.jsonl");
        gateway(outbox).send(new SmsMessage("d-1", "+972501234567", "W", "ש".repeat(71)));

        assertThat(LogSmsGateway.read(outbox).getFirst().segments()).isEqualTo(2);
    }

    @Test
    void reading_a_missing_outbox_gives_no_entries() {
        assertThat(LogSmsGateway.read(dir.resolve("nothing-here.jsonl"))).isEmpty();
    }

    @Test
    void a_torn_or_foreign_line_is_skipped_and_the_rest_is_read() throws Exception {
        Path outbox = dir.resolve("outbox.jsonl");
        LogSmsGateway gateway = gateway(outbox);
        gateway.send(new SmsMessage("d-1", "+972501234567", "W", "one"));
        Files.writeString(outbox, "{\"time\":\"2025-03-01T10:15:30Z\",\"refer\n{\"time\":\"x\"}\n\n",
                java.nio.file.StandardOpenOption.APPEND);
        gateway.send(new SmsMessage("d-2", "+972501234567", "W", "two"));

        assertThat(LogSmsGateway.read(outbox)).extracting(OutboxEntry::reference).containsExactly("d-1", "d-2");
    }

    @Test
    void concurrent_senders_never_interleave_lines() throws Exception {
        Path outbox = dir.resolve("outbox.jsonl");
        LogSmsGateway gateway = new LogSmsGateway(outbox);
        String longText = "x".repeat(5_000);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SmsReceipt>> sends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String ref = "d-" + i;
                sends.add(pool.submit(() -> gateway.send(new SmsMessage(ref, "+972501234567", "W", longText))));
            }
            for (Future<SmsReceipt> f : sends) {
                f.get();
            }
        }

        List<OutboxEntry> entries = LogSmsGateway.read(outbox);
        assertThat(entries).hasSize(200).allSatisfy(e -> assertThat(e.text()).isEqualTo(longText));
        assertThat(entries).extracting(OutboxEntry::reference).doesNotHaveDuplicates();
    }

    @Test
    void an_unwritable_outbox_fails_with_a_non_retryable_sms_exception_naming_the_file() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "a file where a directory should be");
        Path outbox = blocker.resolve("outbox.jsonl");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> gateway(outbox).send(new SmsMessage("d-1", "+972501234567", "W", "x")))
                .isInstanceOfSatisfying(SmsException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining(outbox.toString())
                .hasMessageNotContaining("972501234567");
    }
}
