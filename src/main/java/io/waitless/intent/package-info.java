/**
 * Intent recognition from a caller's words: turns a transcript ("my internet keeps dropping") into the
 * configured intent it most likely means, or an explicit unknown, and a short answer into yes / no / agent.
 * The intent classifier is a logistic regression learned at construction from the intents' phrases and
 * labelled examples ({@link io.waitless.intent.Evaluation.Example}).
 * Built from plain records ({@link io.waitless.intent.Intent}); depends only on the JDK, commons-codec
 * (Double Metaphone) and commons-text (Jaro-Winkler), never on the config, speech or Redis packages.
 * Classifiers are immutable and thread-safe once built.
 */
package io.waitless.intent;
