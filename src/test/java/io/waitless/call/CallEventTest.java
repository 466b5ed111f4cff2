package io.waitless.call;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallEventTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void anEventKeepsItsAttributesWhateverTheBuilderOrTheGivenMapDoNext() {
        CallEvent.Builder b = CallEvent.of(EventType.OFFER_MADE, T, "1.1").with("queue", "support").with("blank", " ");
        CallEvent first = b.build();
        CallEvent second = b.with("promotion", "app").build();
        assertThat(first.attributes()).containsExactly(Map.entry("queue", "support"));
        assertThat(second.attributes()).containsExactly(Map.entry("queue", "support"), Map.entry("promotion", "app"));

        Map<String, String> given = new LinkedHashMap<>(Map.of("queue", "support"));
        CallEvent e = new CallEvent(EventType.OFFER_MADE, T, "1.1", given);
        given.put("queue", "sales");
        assertThat(e.attribute("queue")).isEqualTo("support");
        assertThat(e).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(e.attribute("none")).isEmpty();
    }

    @Test
    void attributesCannotBeChanged() {
        CallEvent e = CallEvent.of(EventType.OFFER_MADE, T, "1.1").with("queue", "support").build();
        assertThatThrownBy(() -> e.attributes().put("queue", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.attributes().entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> e.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new HashMap<>(e.attributes())).isEqualTo(Map.of("queue", "support"));
    }
}
