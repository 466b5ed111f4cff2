package io.waitless.agi;

/** Prompt files as Asterisk names them: relative to its sounds directory, per channel language. */
final class Prompts {
    static final String SENDING = "waitless/sending";
    static final String SMS_SENT = "waitless/sms-sent";
    static final String SMS_FAILED = "waitless/sms-failed";
    static final String NO_SMS = "waitless/no-sms";

    private Prompts() {
    }
}
