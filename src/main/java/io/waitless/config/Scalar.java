package io.waitless.config;

/**
 * One scalar value read from the file, after {@code ${NAME}} substitution.
 *
 * @param key     the dotted path ({@code sms.timeout}, {@code flows[2].channel})
 * @param value   the text after substitution
 * @param written the text as written in the file
 * @param line    1-based line of the value in the file
 * @param defaulted the variables that were unset or empty, so the default written in the file was used
 */
record Scalar(String key, String value, String written, int line, java.util.List<String> defaulted) {

    Scalar {
        defaulted = java.util.List.copyOf(defaulted);
    }

    /** Whether any part of the value came from an environment variable (a possible secret). */
    boolean fromEnvironment() {
        return written.contains("${");
    }

    /**
     * The value for an error message: quoted when written in the file, but only the reference
     * ({@code the value of ${NAME}}) when it came from the environment, so no secret is ever printed.
     */
    String shown() {
        return fromEnvironment() ? "the value of " + written : "\"" + value + "\"";
    }
}
