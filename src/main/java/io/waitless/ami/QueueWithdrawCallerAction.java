package io.waitless.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;

import java.io.Serial;

/**
 * AMI {@code QueueWithdrawCaller} (Asterisk 20+; not in Asterisk-Java): asks app_queue to let a waiting caller go
 * with {@code QUEUESTATUS=WITHDRAW} and {@code QUEUE_WITHDRAW_INFO}. Asterisk-Java sends every non-null getter
 * as a header.
 */
public final class QueueWithdrawCallerAction extends AbstractManagerAction {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String queue;
    private final String caller;
    private final String withdrawInfo;

    /** @param withdrawInfo text for {@code QUEUE_WITHDRAW_INFO}; null sends none */
    public QueueWithdrawCallerAction(String queue, String caller, String withdrawInfo) {
        this.queue = queue;
        this.caller = caller;
        this.withdrawInfo = withdrawInfo;
    }

    @Override
    public String getAction() {
        return "QueueWithdrawCaller";
    }

    public String getQueue() {
        return queue;
    }

    public String getCaller() {
        return caller;
    }

    public String getWithdrawInfo() {
        return withdrawInfo;
    }
}
