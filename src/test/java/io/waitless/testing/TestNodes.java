package io.waitless.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.waitless.agi.AcceptScript;
import io.waitless.agi.AgiNode;
import io.waitless.agi.ArriveScript;
import io.waitless.agi.HangupScript;
import io.waitless.call.Journal;
import io.waitless.config.Cidr;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.DeflectionSettings;
import io.waitless.deflect.Deflector;
import io.waitless.deflect.HoldSchedule;
import io.waitless.deflect.OptOuts;
import io.waitless.deflect.SmsBudget;
import io.waitless.link.LinkCodes;
import io.waitless.link.LinkStore;
import io.waitless.phone.LineTypes;
import io.waitless.phone.PhoneNumberPolicy;
import io.waitless.sms.SmsGateway;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires a deflector and a FastAGI node the way App does, around whatever fakes a test passes in. */
public final class TestNodes {
    /** 20 s of music, an 8 s promotion; "press 1" every 60 s, 4 s long. */
    public static final HoldSchedule SCHEDULE = new HoldSchedule(Duration.ofSeconds(20), Duration.ofSeconds(8),
            Duration.ofSeconds(60), Duration.ofSeconds(4));

    private TestNodes() {
    }

    /** A deflector with an empty opt-out list and the config's budgets, both in memory. */
    public static Deflector deflector(WaitlessConfig cfg, Journal journal, LinkStore links, SmsGateway gateway,
                                      Clock clock) {
        return deflector(cfg, journal, links, gateway, new InMemoryOptOuts(),
                new InMemorySmsBudget(cfg.budgets(), clock), clock);
    }

    public static Deflector deflector(WaitlessConfig cfg, Journal journal, LinkStore links, SmsGateway gateway,
                                      OptOuts optOuts, SmsBudget budget, Clock clock) {
        return new Deflector(settings(cfg), new PhoneNumberPolicy(cfg.callers(), cfg.queues(), LineTypes.NONE),
                id -> SCHEDULE, journal, links, new LinkCodes(cfg.links().codeLength()), gateway, optOuts, budget,
                clock);
    }

    public static DeflectionSettings settings(WaitlessConfig cfg) {
        return new DeflectionSettings(cfg.company().name(), cfg.sms().sender(), cfg.links().publicBaseUrl(),
                cfg.links().ttl(), cfg.sms().templates(), cfg.sms().flowTemplates(), cfg.flows(), cfg.promotions(),
                cfg.prompts().texts().getOrDefault("offer", ""));
    }

    /** A started node on a free loopback port; the caller closes it. */
    public static AgiNode agiNode(Deflector deflector, List<Cidr> allow, Duration deadline, Duration hangupDeadline) {
        WaitlessConfig.Agi agi = new WaitlessConfig.Agi(InetAddress.getLoopbackAddress(), 0, allow, deadline,
                hangupDeadline);
        return new AgiNode(agi, List.of(new ArriveScript(deflector, deadline),
                new AcceptScript(deflector, deadline, Duration.ofSeconds(2)),
                new HangupScript(deflector, hangupDeadline)), new SimpleMeterRegistry()).start();
    }
}
