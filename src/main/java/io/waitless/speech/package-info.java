/**
 * Speech recognition of what a caller says while waiting: the {@link io.waitless.speech.SpeechRecognizer}
 * port (a streaming {@link io.waitless.speech.SpeechSession} per call fed 8 kHz 16-bit slin frames,
 * ending in a {@link io.waitless.speech.Transcript}), the embedded engine
 * {@link io.waitless.speech.EmbeddedSpeechRecognizer} on CMU Sphinx4 with the en-US model bundled
 * in its Maven artifact, the production engine {@link io.waitless.speech.VoskSpeechRecognizer} on
 * Vosk with a model folder on disk, the MLLR {@link io.waitless.speech.Adaptation} of the embedded
 * engine to a line, and the anti-aliased {@link io.waitless.speech.Resampler} that feeds Sphinx 16 kHz. It may depend only on the JDK, SLF4J, Sphinx4, Vosk (JNA) and Gson (for
 * Vosk's JSON); Sphinx and Vosk types never leave this package.
 */
package io.waitless.speech;
