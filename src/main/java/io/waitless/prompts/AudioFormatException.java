package io.waitless.prompts;

/**
 * A file is not the audio Asterisk should get from us: a canonical PCM WAV, 8000 Hz, mono, 16-bit.
 * The message names the file and what is wrong with it.
 */
public class AudioFormatException extends PromptException {
    public AudioFormatException(String message) {
        super(message);
    }
}
