package io.waitless.ami;

import io.waitless.config.WaitlessConfig;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.DefaultManagerConnection;
import org.asteriskjava.manager.EventTimeoutException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A polling AMI client on Asterisk-Java's {@link ManagerConnection}: logs in with {@code Events: off} on first use
 * (and again after any failure), then sends {@code QueueStatus} and {@code QueueWithdrawCaller}. Every login and
 * action waits at most {@code ami.action-timeout}; any failure drops the connection and throws
 * {@link AmiException}, so the next call starts afresh. The secret is never logged.
 *
 * <p>Thread-safe (methods are serialized); blocking, for at most the action timeout each (login plus action for
 * the first call after a failure).
 */
public final class AmiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmiClient.class);

    private final WaitlessConfig.Ami cfg;
    private final long timeoutMs;
    private ManagerConnection connection;

    public AmiClient(WaitlessConfig.Ami cfg) {
        this.cfg = cfg;
        this.timeoutMs = Math.max(1, cfg.actionTimeout().toMillis());
    }

    /** Logs in unless already connected. @throws AmiException when the login fails or times out */
    public synchronized void connect() {
        if (connection != null && connection.getState() == ManagerConnectionState.CONNECTED) {
            return;
        }
        drop();
        DefaultManagerConnection c = new DefaultManagerConnection(cfg.host(), cfg.port(), cfg.username(), cfg.secret());
        c.setSocketTimeout((int) timeoutMs);
        c.setDefaultResponseTimeout(timeoutMs);
        c.setDefaultEventTimeout(timeoutMs);
        try {
            c.login("off");
            connection = c;
            LOG.info("AMI logged in to {}:{} as {}", cfg.host(), cfg.port(), cfg.username());
        } catch (AuthenticationFailedException e) {
            close(c);
            throw new AmiException("AMI login to " + cfg.host() + ":" + cfg.port() + " as " + cfg.username()
                    + " refused (check ami.username and ami.secret, and manager.conf permit=)", e);
        } catch (TimeoutException e) {
            close(c);
            throw new AmiException("AMI login to " + cfg.host() + ":" + cfg.port() + " timed out after " + timeoutMs
                    + " ms", e);
        } catch (IOException | RuntimeException e) {
            close(c);
            throw new AmiException("AMI connection to " + cfg.host() + ":" + cfg.port() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The callers waiting in {@code queue}, by position.
     *
     * @throws AmiException when not connected and the login fails, the action times out or is refused
     */
    public synchronized List<QueueCaller> queueStatus(String queue) {
        connect();
        QueueStatusAction action = new QueueStatusAction();
        action.setQueue(queue);
        ResponseEvents answer;
        try {
            answer = connection.sendEventGeneratingAction(action, timeoutMs);
        } catch (EventTimeoutException e) {
            drop();
            throw new AmiException("AMI QueueStatus " + queue + " timed out after " + timeoutMs + " ms", e);
        } catch (IOException | RuntimeException e) {
            drop();
            throw new AmiException("AMI QueueStatus " + queue + " failed: " + e.getMessage(), e);
        }
        ManagerResponse response = answer.getResponse();
        if (response != null && "Error".equalsIgnoreCase(response.getResponse())) {
            throw new AmiException("AMI QueueStatus " + queue + " refused: " + response.getMessage());
        }
        return callers(queue, answer.getEvents());
    }

    /** The {@code QueueEntry} events of {@code queue} among {@code events}, as records sorted by position. */
    static List<QueueCaller> callers(String queue, Iterable<? extends ResponseEvent> events) {
        List<QueueCaller> out = new ArrayList<>();
        for (ResponseEvent e : events) {
            if (e instanceof QueueEntryEvent q && queue.equals(q.getQueue()) && q.getChannel() != null
                    && q.getUniqueId() != null && q.getPosition() != null) {
                out.add(new QueueCaller(q.getQueue(), q.getPosition(), q.getChannel(), q.getUniqueId(),
                        q.getCallerIdNum(), q.getWait() == null ? 0 : q.getWait(),
                        q.getPriority() == null ? 0 : q.getPriority()));
            }
        }
        out.sort(Comparator.comparingInt(QueueCaller::position));
        return List.copyOf(out);
    }

    /**
     * Asks app_queue to let {@code channel} go from {@code queue}; an {@code Error} answer (no such caller, no
     * such queue, already requested) is a result, not an exception.
     *
     * @param info {@code QUEUE_WITHDRAW_INFO} for the dialplan; null for none
     * @throws AmiException when not connected and the login fails, or the action times out or the link drops
     */
    public synchronized WithdrawResult withdraw(String queue, String channel, String info) {
        connect();
        ManagerResponse response;
        try {
            response = connection.sendAction(new QueueWithdrawCallerAction(queue, channel, info), timeoutMs);
        } catch (TimeoutException e) {
            drop();
            throw new AmiException("AMI QueueWithdrawCaller " + queue + " timed out after " + timeoutMs + " ms", e);
        } catch (IOException | RuntimeException e) {
            drop();
            throw new AmiException("AMI QueueWithdrawCaller " + queue + " failed: " + e.getMessage(), e);
        }
        String message = response.getMessage() == null ? "" : response.getMessage();
        return new WithdrawResult("Success".equalsIgnoreCase(response.getResponse()), message);
    }

    /** Whether the last login is still up. */
    public synchronized boolean connected() {
        return connection != null && connection.getState() == ManagerConnectionState.CONNECTED;
    }

    /** Logs off (best effort) and closes the socket; the next call logs in again. */
    @Override
    public synchronized void close() {
        drop();
    }

    private void drop() {
        if (connection != null) {
            close(connection);
            connection = null;
        }
    }

    private static void close(ManagerConnection c) {
        ManagerConnectionState state = c.getState();
        if (state == ManagerConnectionState.CONNECTED || state == ManagerConnectionState.RECONNECTING
                || state == ManagerConnectionState.CONNECTING) {
            try {
                c.logoff();
            } catch (RuntimeException e) {
                LOG.debug("AMI logoff failed (the connection is dropped anyway): {}", e.toString());
            }
        }
    }
}
