/**
 * Asking the caller something by voice: a prompt and a listening window over AudioSocket, answered by speech
 * (through the {@link io.waitless.speech.SpeechRecognizer} port) or a key press. Used by the {@code arrive}
 * script ("what are you calling about?") and the {@code offer} script ("say yes or press 1").
 */
package io.waitless.voice;
