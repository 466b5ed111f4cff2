package io.waitless.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.DefaultAgiServer;

import java.io.IOException;

/**
 * Asterisk-Java's {@link DefaultAgiServer} as it comes, default thread pool and all, every script playing the
 * promotion and setting {@code WAITLESS_STATUS} as the {@code offer} script does: the baseline of {@code bench agi},
 * what a node would be without {@link AgiNode}'s virtual threads. Never part of a node.
 */
public final class StockAgiServer {
    private StockAgiServer() {
    }

    /** Listens on {@code port} (all addresses) and serves until the process ends; does not return normally. */
    public static void serve(int port) throws IOException {
        DefaultAgiServer server = new DefaultAgiServer((AgiRequest request, AgiChannel channel) -> (req, ch) -> {
            ch.streamFile("waitless/promo-pay-in-app", "1");
            ch.setVariable(WaitlessScript.STATUS_VARIABLE, "ok");
        });
        server.setPort(port);
        server.startup();
    }
}
