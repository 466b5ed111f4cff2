package io.waitless.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code agi_*} block Asterisk 22 sends at the start of a FastAGI session, in its order and format
 * (captured in {@code fixtures/asterisk-22/agi-a-offer.from-asterisk.bin}): {@code key: value\n} lines,
 * then an empty line. Script arguments are {@code agi_arg_n}, not part of {@code agi_request}.
 */
public record AgiEnvironment(String host, int port, String script, List<String> args, String channel,
                             String uniqueId, String callerId, String callerIdName, int callingPres,
                             String language, String context, String extension, int priority) {

    public AgiEnvironment {
        args = List.copyOf(args);
    }

    public Map<String, String> lines() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("agi_network", "yes");
        m.put("agi_network_script", script);
        m.put("agi_request", "agi://" + host + ":" + port + "/" + script);
        m.put("agi_channel", channel);
        m.put("agi_language", language);
        m.put("agi_type", channel.contains("/") ? channel.substring(0, channel.indexOf('/')) : "Local");
        m.put("agi_uniqueid", uniqueId);
        m.put("agi_version", "22.10.1");
        m.put("agi_callerid", callerId.isEmpty() ? "unknown" : callerId);
        m.put("agi_calleridname", callerIdName.isEmpty() ? "unknown" : callerIdName);
        m.put("agi_callingpres", Integer.toString(callingPres));
        m.put("agi_callingani2", "0");
        m.put("agi_callington", "0");
        m.put("agi_callingtns", "0");
        m.put("agi_dnid", "unknown");
        m.put("agi_rdnis", "unknown");
        m.put("agi_context", context);
        m.put("agi_extension", extension);
        m.put("agi_priority", Integer.toString(priority));
        m.put("agi_enhanced", "0.0");
        m.put("agi_accountcode", "");
        m.put("agi_threadid", "140176733071040");
        for (int i = 0; i < args.size(); i++) {
            m.put("agi_arg_" + (i + 1), args.get(i));
        }
        return m;
    }

    /** The exact bytes: {@code agi_accountcode: } keeps its trailing space, as Asterisk sends it. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        lines().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.append('\n').toString();
    }

    public AgiEnvironment withScript(String newScript, List<String> newArgs, String newContext, String newExtension,
                                     int newPriority) {
        return new AgiEnvironment(host, port, newScript, new ArrayList<>(newArgs), channel, uniqueId, callerId,
                callerIdName, callingPres, language, newContext, newExtension, newPriority);
    }
}
