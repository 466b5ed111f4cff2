package io.waitless.agi;

import org.asteriskjava.fastagi.AgiException;

import java.time.Duration;

/**
 * One dialplan entry point ({@code AGI(agi://node/<name>,…)}). A script is thin: it reads its arguments,
 * asks the core what to do, plays prompts and returns its status, which {@link AgiNode} sets as the
 * session's last command in {@code WAITLESS_STATUS}. Implementations are stateless and thread-safe.
 */
public interface WaitlessScript {

    /** The channel variable every script sets last; the dialplan treats empty as "the node failed". */
    String STATUS_VARIABLE = "WAITLESS_STATUS";

    String name();

    /** The longest the whole session may take; past it the node closes the connection. */
    Duration deadline();

    /**
     * Runs the script.
     *
     * @return the status to report to the dialplan ({@code ok}, {@code sent}, {@code no-sms}…)
     * @throws org.asteriskjava.fastagi.AgiHangupException when the caller hung up mid-way
     */
    String run(AgiCall call) throws AgiException;
}
