package io.waitless.intent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IntentConsentClassifierTest {

    private final ConsentClassifier consent = new ConsentClassifier();

    @ParameterizedTest
    @CsvSource({
            "sure text me, YES",
            "yeah, YES",
            "yes please, YES",
            "go ahead, YES",
            "why not, YES",
            "yeh, YES",
            "no thanks, NO",
            "nope, NO",
            "don't text me, NO",
            "I'll wait, NO",
            "I want a person, AGENT",
            "no I want an agent, AGENT",
            "representatve, AGENT",
            "hmm, UNKNOWN",
            "'', UNKNOWN",
    })
    void answers_are_yes_no_or_agent(String text, Consent expected) {
        assertThat(consent.classify(text)).isEqualTo(expected);
    }
}
