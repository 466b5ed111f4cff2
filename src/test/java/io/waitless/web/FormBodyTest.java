package io.waitless.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormBodyTest {

    @Test
    void decodes_utf8_plus_and_repeated_names_in_order() {
        var form = FormBody.parse("Body=%D7%94%D7%A1%D7%A8&From=%2B972501234567&a=1&a=2&empty=&flag&text=a+b");

        assertThat(form.get("Body")).containsExactly("הסר");
        assertThat(form.get("From")).containsExactly("+972501234567");
        assertThat(form.get("a")).containsExactly("1", "2");
        assertThat(form.get("empty")).containsExactly("");
        assertThat(form.get("flag")).containsExactly("");
        assertThat(FormBody.first(form, "text")).isEqualTo("a b");
        assertThat(FormBody.first(form, "missing")).isNull();
        assertThat(FormBody.parse("")).isEmpty();
    }

    @Test
    void a_broken_escape_is_refused() {
        assertThatThrownBy(() -> FormBody.parse("a=%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(FormBody.parse("x=1&&y=2").keySet()).isEqualTo(java.util.Set.copyOf(List.of("x", "y")));
    }
}
