package io.waitless.audiosocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AudioSocketRegistryTest {
    private final AudioSocketRegistry registry = new AudioSocketRegistry();
    private final UUID id = UUID.fromString("8b3e6f0a-2c4d-4e1f-9a7b-5c6d7e8f9012");

    @Test
    void closing_a_registration_unregisters_its_handler_only() {
        AudioSocketHandler first = s -> { };
        AudioSocketHandler second = s -> { };
        AudioSocketRegistry.Registration r = registry.register(id, first);
        assertThat(registry.find(id)).contains(first);
        r.close();
        assertThat(registry.find(id)).isEmpty();
        registry.register(id, second);
        r.close();
        assertThat(registry.find(id)).contains(second);
    }

    @Test
    void a_uuid_cannot_have_two_handlers() {
        registry.register(id, s -> { });
        assertThatThrownBy(() -> registry.register(id, s -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(id.toString());
    }
}
