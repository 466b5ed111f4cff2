package io.waitless.cli;

import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The demo's changes to a configuration: private Redis, free ports on loopback, the log SMS gateway. */
final class DemoConfig {
    private DemoConfig() {
    }

    /** The config for the demo's private Redis and work directory (its spool next to its outbox). */
    static WaitlessConfig forDemo(WaitlessConfig c, int redisPort, Path outbox) {
        InetAddress lo = InetAddress.getLoopbackAddress();
        WaitlessConfig.Sms sms = c.sms();
        return new WaitlessConfig(c.source(), c.company(),
                new WaitlessConfig.Agi(lo, 0, List.of(Cidr.parse("127.0.0.1")), c.agi().scriptDeadline(),
                        c.agi().hangupDeadline()),
                new WaitlessConfig.Http(lo, 0),
                new WaitlessConfig.Redis(URI.create("redis://127.0.0.1:" + redisPort + "/0"), "",
                        c.redis().keyPrefix(), c.redis().timeout()),
                c.callers(),
                new WaitlessConfig.Sms(WaitlessConfig.GatewayKind.LOG, sms.sender(), sms.timeout(), sms.templates(),
                        sms.kannel(), outbox, sms.flowTemplates(), sms.twilio(), sms.smpp(), sms.retry(),
                        sms.breaker()),
                c.links(), c.prompts(), c.channels(), c.flows(), c.promotions(), c.queues(), c.budgets(),
                c.api(), c.hooks(), c.smsIn(), c.intents(), c.speech(), c.timed(),
                c.journal().spool().isEmpty() ? c.journal() : c.journal().withSpool(new WaitlessConfig.Spool(
                        outbox.resolveSibling("spool"), c.journal().spool().get().maxBytes())), c.dashboard(),
                c.followUp());
    }
}
