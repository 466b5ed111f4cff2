package io.waitless.sms;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory gateway that answers each send with the next scripted step: a receipt, a failure, or a hang
 * for a while. When the script runs out, it accepts. Records every message it was asked to send.
 */
final class ScriptedSmsGateway implements SmsGateway {

    sealed interface Step permits Accept, Fail, Hang {}

    record Accept() implements Step {}

    record Fail(boolean retryable) implements Step {}

    record Hang(Duration howLong) implements Step {}

    private final Deque<Step> script = new ArrayDeque<>();
    final List<SmsMessage> sent = new CopyOnWriteArrayList<>();

    synchronized ScriptedSmsGateway then(Step step, int times) {
        for (int i = 0; i < times; i++) {
            script.add(step);
        }
        return this;
    }

    ScriptedSmsGateway then(Step step) {
        return then(step, 1);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
        sent.add(message);
        Step step;
        synchronized (this) {
            step = script.isEmpty() ? new Accept() : script.poll();
        }
        return switch (step) {
            case Accept a -> new SmsReceipt(name(), "id-" + sent.size(), "accepted");
            case Fail f -> throw new SmsException("scripted failure " + sent.size(), f.retryable());
            case Hang h -> {
                try {
                    Thread.sleep(h.howLong());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SmsException("interrupted", true, e);
                }
                yield new SmsReceipt(name(), "late-" + sent.size(), "accepted late");
            }
        };
    }
}
