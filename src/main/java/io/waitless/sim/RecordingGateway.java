package io.waitless.sim;

import io.waitless.sms.SmsGateway;
import io.waitless.sms.SmsMessage;
import io.waitless.sms.SmsReceipt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An {@link SmsGateway} that sends nothing and keeps every message, for the abuse benchmark. Thread-safe. */
public final class RecordingGateway implements SmsGateway {
    private final List<SmsMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
        sent.add(message);
        return new SmsReceipt(name(), "r" + ids.incrementAndGet(), "recorded");
    }

    public List<SmsMessage> sent() {
        return List.copyOf(sent);
    }
}
