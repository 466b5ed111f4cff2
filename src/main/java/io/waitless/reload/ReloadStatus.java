package io.waitless.reload;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node's config, as it last reported it.
 *
 * @param node      the node ({@code host:pid})
 * @param file      the config file it watches
 * @param state     {@link State#APPLIED} or {@link State#REFUSED} (the last version seen on disk was refused and
 *                  the running one kept) or {@link State#STARTED}
 * @param at        when it reported
 * @param running   the version running (first 12 hex digits of SHA-256 of the file's bytes)
 * @param attempted the version last read from disk (equal to {@code running} unless refused)
 * @param problems  why the last attempt was refused, each {@code file:line: key: message}
 * @param changes   what the last applied reload changed ({@link ConfigDiff.Change#describe()})
 * @param restart   changes made in the file since the node started that only a restart applies
 * @param snapshot  the running version, flattened ({@link ConfigDiff#flatten}; secrets masked), for
 *                  {@code config diff}
 */
public record ReloadStatus(String node, String file, State state, Instant at, String running, String attempted,
                           List<String> problems, List<String> changes, List<String> restart,
                           Map<String, String> snapshot) {
    public enum State { STARTED, APPLIED, REFUSED }

    public ReloadStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        problems = List.copyOf(problems);
        changes = List.copyOf(changes);
        restart = List.copyOf(restart);
        snapshot = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(snapshot));
    }
}
