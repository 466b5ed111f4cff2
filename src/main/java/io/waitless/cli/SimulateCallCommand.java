package io.waitless.cli;

import io.waitless.sim.CallSimulator;
import io.waitless.sim.SimulatedQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code waitless simulate-call}: plays Asterisk's side of one call against a running node, over the real
 * FastAGI byte protocol, following {@code dialplans/waitless.conf}.
 */
@Command(name = "simulate-call", mixinStandardHelpOptions = true,
        description = "Play one caller against a running node over FastAGI, as Asterisk would.")
final class SimulateCallCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Node address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4573", description = "Node FastAGI port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--caller", defaultValue = "+972502345678",
            description = "Caller ID as Asterisk would give it; 'anonymous' or '' for none (default: ${DEFAULT-VALUE}).")
    String caller;

    @Option(names = "--withheld", description = "Presentation restricted (agi_callingpres 32).")
    boolean withheld;

    @Option(names = "--queue", defaultValue = "support", description = "Queue name (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--press-after", description = "Press 1 after this long in the queue (e.g. 75s); omit to never press.",
            converter = DurationConverter.class)
    Duration pressAfter;

    @Option(names = "--hang-up-in-accept", description = "Hang up while the accept script talks.")
    boolean hangUpInAccept;

    @Option(names = "--wait-after", defaultValue = "60s", converter = DurationConverter.class,
            description = "Time in the queue after coming back (default: ${DEFAULT-VALUE}).")
    Duration waitAfter;

    @Option(names = "--answered", description = "An agent answers in the end (otherwise the caller hangs up).")
    boolean answered;

    @Option(names = "--say", paramLabel = "TEXT",
            description = "What the caller says if the node asks why they call (spoken by FreeTTS kevin at 8 kHz).")
    String say;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CallSimulator sim = new CallSimulator(host, port, new SimulatedQueue());
        if (say != null && !say.isBlank()) {
            short[] speech;
            try (io.waitless.prompts.FreeTtsSynthesizer tts = io.waitless.prompts.FreeTtsSynthesizer.open("kevin", 150, 100)) {
                speech = tts.speak(say);
            }
            short[] padded = java.util.Arrays.copyOf(speech, speech.length + 4000); // 0.5 s of quiet after
            sim.voice(new io.waitless.sim.SimulatedAudioCaller(
                    java.util.List.of(new io.waitless.sim.SimulatedAudioCaller.Reply.Say(padded)),
                    java.time.Duration.ofSeconds(40)));
        }
        try {
            CallSimulator.Report r = sim.run(new CallSimulator.Caller("caller", caller, withheld ? 32 : 0, queue,
                    Optional.ofNullable(pressAfter), hangUpInAccept, waitAfter,
                    answered ? CallSimulator.Ending.ANSWERED : CallSimulator.Ending.ABANDON));
            out.println("call " + r.uniqueId());
            r.steps().forEach(s -> out.println("  " + s));
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot reach the node at " + host + ":" + port + ": " + e.getMessage()
                    + " (is 'waitless serve' running? Asterisk would carry on to the queue: AGISTATUS=FAILURE)");
            return 1;
        }
    }
}
