package io.waitless.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.waitless.config.ConfigFiles.validWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typos, repeated keys, YAML syntax errors and unreadable files. */
class ConfigLoaderSyntaxTest {

    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void an_unknown_key_is_refused_with_its_line_a_suggestion_and_the_allowed_keys() {
        String yaml = validWith("  sender: Acme", "  sender: Acme\n  timout: 3s");
        files().assertRefused(yaml, "timout", "sms.timout",
                "unknown key (did you mean timeout?) (allowed here: gateway, sender, timeout, outbox, templates, kannel, twilio, smpp, retry, breaker)");
    }

    @Test
    void an_unknown_top_level_section_is_refused() {
        String yaml = validWith("company:", "survey:\n  delay: 1h\ncompany:");
        String message = files().assertRefused(yaml, "survey:", "survey", "unknown key");
        assertThat(message).contains("allowed here: company, agi, http, redis, callers, sms, links, prompts,"
                + " channels, flows, queues, promotions");
    }

    @Test
    void an_unknown_key_inside_a_list_entry_is_refused() {
        files().assertRefused(validWith("{name: support, language: en}", "{name: support, langauge: en}"),
                "langauge", "queues[0].langauge", "unknown key (did you mean language?)");
    }

    @Test
    void swapped_letters_in_a_key_still_get_a_suggestion() {
        files().assertRefused(ConfigFiles.validWith("company:", "http:\n  prot: 8080\ncompany:"), "prot",
                "http.prot", "unknown key (did you mean port?) (allowed here: bind, port)");
    }

    @Test
    void a_key_written_twice_is_refused_naming_the_first_line() {
        String yaml = validWith("  name: Acme", "  name: Acme\n  name: Other");
        files().assertRefused(yaml, "name: Other", "company.name", "is written twice (first at line " + ConfigFiles.lineOf(yaml, "name: Acme") + ")");
    }

    @Test
    void a_yaml_syntax_error_gives_the_file_and_line() {
        String yaml = validWith("  sender: Acme", "  sender: Acme\n   bad-indent: [1, 2");
        Path file = files().write(yaml);
        assertThatThrownBy(() -> new ConfigLoader(java.util.Map.of()).load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("1 error in " + file + "\n" + file + ":")
                .hasMessageContaining("YAML syntax error");
        String error = files().refused(yaml).lines().skip(1).findFirst().orElseThrow();
        int line = Integer.parseInt(error.substring(file.toString().length() + 1, error.indexOf(": ")));
        assertThat(line).isBetween(ConfigFiles.lineOf(yaml, "bad-indent"), ConfigFiles.lineOf(yaml, "templates:"));
    }

    @Test
    void an_unclosed_list_names_the_line_where_it_started() {
        String yaml = "company:\n  name: [Acme\nsms: x\n";
        assertThat(files().refused(yaml)).endsWith("\n" + dir.resolve("waitless.yaml")
                + ":3: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence that starts at line 2)");
    }

    @Test
    void a_tab_indentation_error_names_its_line() {
        String yaml = validWith("  name: Acme", "\tname: Acme");
        String message = files().refused(yaml);
        assertThat(message).contains("\n" + dir.resolve("waitless.yaml") + ":" + ConfigFiles.lineOf(yaml, "\tname") + ": YAML syntax error");
    }

    @Test
    void an_empty_file_is_refused() {
        assertThat(files().refused("# nothing here\n")).isEqualTo("1 error in " + dir.resolve("waitless.yaml")
                + "\n" + dir.resolve("waitless.yaml") + ":1: the file is empty");
    }

    @Test
    void a_file_that_is_a_list_is_refused() {
        assertThat(files().refused("- a\n- b\n")).contains(":1: expected a mapping of keys to values, found a list");
    }

    @Test
    void a_missing_file_is_refused_naming_it() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader(java.util.Map.of()).load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("1 error in " + missing + "\n" + missing + ": cannot read the file");
    }

    @Test
    void yaml_1_2_keeps_no_as_a_string() {
        var loaded = files().load(validWith("name: Acme", "name: no"));
        assertThat(loaded.config().company().name()).isEqualTo("no");
    }
}
