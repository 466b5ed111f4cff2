package io.waitless.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over sparse features: one weight per feature and class, trained by
 * stochastic gradient descent with per-weight step sizes (AdaGrad) and L2 shrinkage, in a fixed order from a
 * fixed seed, so the same examples always give the same model. A few thousand short examples train in well
 * under a second.
 *
 * <p>Immutable after {@link #train}; {@link #probabilities} is thread-safe.
 */
final class SoftmaxModel {

    /** Training settings: passes over the examples, learning rate, L2 strength per example. */
    record Settings(int epochs, double rate, double l2) {
        static final Settings DEFAULT = new Settings(30, 0.5, 1e-3);
    }

    private final double[][] weights; // [class][feature]; the last feature is the bias
    private final int bias;

    private SoftmaxModel(double[][] weights) {
        this.weights = weights;
        this.bias = weights[0].length - 1;
    }

    /**
     * @param x       the examples' features
     * @param y       each example's class, 0 ≤ y &lt; classes
     * @param classes how many classes
     * @param size    how many features exist (ids are below it)
     */
    static SoftmaxModel train(List<List<Features.Value>> x, int[] y, int classes, int size, Settings settings) {
        if (x.size() != y.length) {
            throw new IllegalArgumentException(x.size() + " examples but " + y.length + " labels");
        }
        double[][] w = new double[classes][size + 1];
        double[][] g2 = new double[classes][size + 1];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            order.add(i);
        }
        Random rnd = new Random(7);
        double[] p = new double[classes];
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            java.util.Collections.shuffle(order, rnd);
            for (int i : order) {
                List<Features.Value> f = x.get(i);
                scores(w, f, size, p);
                softmax(p);
                for (int c = 0; c < classes; c++) {
                    double err = p[c] - (y[i] == c ? 1 : 0);
                    for (Features.Value v : f) {
                        step(w[c], g2[c], v.id(), err * v.value() + settings.l2() * w[c][v.id()], settings.rate());
                    }
                    step(w[c], g2[c], size, err, settings.rate());
                }
            }
        }
        return new SoftmaxModel(w);
    }

    private static void step(double[] w, double[] g2, int j, double grad, double rate) {
        g2[j] += grad * grad;
        w[j] -= rate * grad / (1e-8 + Math.sqrt(g2[j]));
    }

    private static void scores(double[][] w, List<Features.Value> f, int bias, double[] out) {
        for (int c = 0; c < w.length; c++) {
            double s = w[c][bias];
            for (Features.Value v : f) {
                if (v.id() < bias) {
                    s += w[c][v.id()] * v.value();
                }
            }
            out[c] = s;
        }
    }

    private static void softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= sum;
        }
    }

    /** The probability of each class for features {@code f}. */
    double[] probabilities(List<Features.Value> f) {
        double[] p = new double[weights.length];
        scores(weights, f, bias, p);
        softmax(p);
        return p;
    }

    /** The weight of feature {@code id} for class {@code c}: what a word says for a class. */
    double weight(int c, int id) {
        return weights[c][id];
    }
}
