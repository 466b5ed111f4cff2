package io.waitless.cli;

import picocli.CommandLine;

import java.time.Duration;

/** Command-line durations in the config's forms: {@code 30s}, {@code 500ms}, {@code 2m}, {@code PT30S}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return io.waitless.config.Durations.parse(value);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (use e.g. 30s, 500ms, 2m)");
        }
    }
}
