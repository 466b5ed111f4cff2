package io.waitless.reload;

import java.util.List;

/** Where nodes publish their {@link ReloadStatus}, for {@code waitless config status} and {@code config diff}. */
public interface ReloadBoard {
    /** Publishes (replaces) a node's status. */
    void publish(ReloadStatus status);

    /** Removes a node that stops cleanly. */
    void remove(String node);

    /** Every node's last status, by node name. */
    List<ReloadStatus> all();

    /** Nowhere to publish (tests, a node without a config file). */
    ReloadBoard NONE = new ReloadBoard() {
        @Override
        public void publish(ReloadStatus status) {
        }

        @Override
        public void remove(String node) {
        }

        @Override
        public List<ReloadStatus> all() {
            return List.of();
        }
    };

    /** The board could not be reached. */
    final class BoardUnavailableException extends RuntimeException {
        public BoardUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
