package io.waitless.testing;

import io.waitless.sms.SmsException;
import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsMessage;
import io.waitless.sms.SmsReceipt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-memory fake of {@link SmsGateway}: records messages; can be told to fail or be slow. */
public final class RecordingSmsGateway implements SmsGateway {
    private final List<SmsMessage> sent = new CopyOnWriteArrayList<>();
    private volatile SmsException failure;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean available = true;

    /** As an open circuit breaker: {@link #available()} answers false. */
    public RecordingSmsGateway unavailable() {
        available = false;
        return this;
    }

    @Override
    public boolean available() {
        return available;
    }

    public RecordingSmsGateway failWith(SmsException e) {
        failure = e;
        return this;
    }

    public RecordingSmsGateway delay(Duration d) {
        delay = d;
        return this;
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
        sent.add(message);
        return new SmsReceipt("recording", "m" + sent.size(), "accepted");
    }

    public List<SmsMessage> sent() {
        return List.copyOf(sent);
    }
}
