package io.waitless.speech;

import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.decoder.adaptation.ClusteredDensityFileData;
import edu.cmu.sphinx.decoder.adaptation.Stats;
import edu.cmu.sphinx.decoder.adaptation.Transform;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Loader;
import edu.cmu.sphinx.linguist.acoustic.tiedstate.Sphinx3Loader;
import edu.cmu.sphinx.result.Result;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adapts the embedded engine's acoustic model to a line: one global MLLR transform of the Gaussian means,
 * estimated from recordings of the line with what was said in them, stored as a small text file and applied to
 * every engine at allocation. The general en-US model was trained on wide-band speech; telephone audio has no
 * energy below 300 Hz or above 3.4 kHz, and a voice or codec shifts the features further. A few minutes of
 * the line's own speech move the means to where its features are (measured on FreeTTS kevin: word error rate
 * 0.31 to 0.19 with an oracle language model).
 *
 * <p>Estimation decodes each recording with a language model built from the transcripts (so the alignment is
 * mostly right even where the unadapted model is weak), collects the statistics of the best path, and solves
 * for the transform. Estimation allocates its own engine, which it leaves unusable (Sphinx's statistics invert
 * the loader's variances in place) and deallocates.
 */
public final class Adaptation {

    /** Sphinx's minimum: an estimate needs this many frames of speech (10 ms each) per class. */
    static final int MIN_FRAMES = 300;

    /** A recording (8 kHz slin) and what was said in it. */
    public record Recording(short[] slin8k, String text) {}

    /** What an estimate used: recordings, frames of speech, and the word error rate of the alignment pass. */
    public record Estimate(int recordings, int frames, double alignmentWordErrorRate) {}

    private Adaptation() {
    }

    /**
     * Applies a stored transform to {@code loader}'s means (in place).
     *
     * @throws SpeechException naming the file when it is missing or not a transform for this model
     */
    static void apply(Loader loader, Path transform) {
        if (!Files.isRegularFile(transform)) {
            throw new SpeechException("speech adaptation file " + transform.toAbsolutePath() + " does not exist"
                    + " (make one with 'waitless speech adapt', or remove speech.adaptation)");
        }
        try {
            Transform t = new Transform((Sphinx3Loader) loader, 1);
            t.load(transform.toString());
            loader.update(t, new ClusteredDensityFileData(loader, 1));
        } catch (Exception e) {
            throw new SpeechException("speech adaptation file " + transform.toAbsolutePath()
                    + " is not an MLLR transform for the en-US model: " + e, e);
        }
    }

    /**
     * Estimates a transform from {@code recordings} and writes it to {@code out}. Blocks for about a third of
     * the recordings' duration of CPU.
     *
     * @param base an adaptation to start from (its transform is applied before collecting), or empty
     * @throws SpeechException when there is too little speech to estimate from, or the file cannot be written
     */
    public static Estimate estimate(List<Recording> recordings, Optional<Path> base, Path out) {
        if (recordings.isEmpty()) {
            throw new SpeechException("no recordings to adapt to");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("waitless-adapt-");
        } catch (IOException e) {
            throw new SpeechException("cannot create a working directory for adaptation", e);
        }
        SphinxEngine engine = null;
        try {
            SphinxEngine.writeQuietConfig(dir, Optional.of(EmbeddedSpeechRecognizer.Search.ACCURATE));
            List<String> texts = new ArrayList<>();
            for (Recording r : recordings) {
                String t = PhraseGrammar.normalise(r.text());
                if (!t.isEmpty()) {
                    texts.add(t);
                }
            }
            PhraseGrammar known = PhraseGrammar.of(texts, EmbeddedSpeechRecognizer.dictionary());
            Path lm = PhraseLanguageModel.write(dir, "adapt", known.phrases());
            engine = SphinxEngine.allocate(dir, "adapt", lm, EmbeddedSpeechRecognizer.DEFAULT_SPEECH_THRESHOLD, base);
            Loader loader = engine.loader();
            ClusteredDensityFileData clusters = new ClusteredDensityFileData(loader, 1);
            Stats stats = new Stats(loader, clusters);
            long errors = 0;
            long words = 0;
            for (Recording r : recordings) {
                StringBuilder heard = new StringBuilder();
                for (Result result : engine.results(new ByteArrayInputStream(EmbeddedSession.wideband(r.slin8k())))) {
                    heard.append(' ').append(result.getBestFinalResultNoFiller());
                    if (result.getBestToken() != null) {
                        stats.collect(new SpeechResult(result));
                    }
                }
                String said = PhraseGrammar.normalise(r.text());
                String got = PhraseGrammar.normalise(heard.toString());
                errors += editDistance(said.isEmpty() ? new String[0] : said.split(" "),
                        got.isEmpty() ? new String[0] : got.split(" "));
                words += said.isEmpty() ? 0 : said.split(" ").length;
            }
            if (stats.getFrames() < MIN_FRAMES) {
                throw new SpeechException("too little speech to adapt to: " + stats.getFrames() + " frames of "
                        + MIN_FRAMES + " needed (about " + MIN_FRAMES / 100 + " s); give more recordings");
            }
            stats.fillRegLowerPart();
            Transform transform = stats.createTransform();
            Files.createDirectories(out.toAbsolutePath().getParent());
            transform.store(out.toString(), 0);
            return new Estimate(recordings.size(), stats.getFrames(), words == 0 ? 0 : (double) errors / words);
        } catch (SpeechException e) {
            throw e;
        } catch (Exception e) {
            throw new SpeechException("adaptation failed: " + e, e);
        } finally {
            if (engine != null) {
                engine.deallocate();
            }
            deleteQuietly(dir);
        }
    }

    static int editDistance(String[] a, String[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (a[i - 1].equals(b[j - 1]) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Adaptation.class).warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
