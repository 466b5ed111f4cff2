package io.waitless.agi;

import io.waitless.call.CallInfo;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.NoopCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;
import org.asteriskjava.fastagi.reply.AgiReply;

import java.util.Optional;
import java.util.UUID;

/**
 * One script's view of its FastAGI session: the request, the channel and the connection, passed explicitly
 * (never through Asterisk-Java's thread-local). Used from the session's thread only.
 */
public final class AgiCall {
    private final AgiRequest request;
    private final AgiChannel channel;
    private final AgiSocket socket;

    AgiCall(AgiRequest request, AgiChannel channel, AgiSocket socket) {
        this.request = request;
        this.channel = channel;
        this.socket = socket;
    }

    public CallInfo info() {
        return new CallInfo(printable(request.getUniqueId()), printable(request.getChannel()),
                nz(request.getCallerIdNumber()),
                request.getCallingPres() == null ? 0 : request.getCallingPres(), request.getLanguage());
    }

    /** The script's n-th argument (1-based, as {@code agi_arg_n}); empty when absent. */
    public String arg(int n) {
        String[] args = request.getArguments();
        return args != null && n >= 1 && n <= args.length && args[n - 1] != null ? args[n - 1].strip() : "";
    }

    /** The script name as Asterisk sent it, {@linkplain #printable(String) fit for a log line}. */
    public String script() {
        return printable(request.getScript());
    }

    /** Whether Asterisk has said the caller hung up. */
    public boolean hungUp() {
        return socket.hungUp();
    }

    /**
     * Plays a prompt; returns the digit that interrupted it, if any.
     *
     * @throws AgiHangupException when the caller hung up (511, or the connection ended)
     */
    public Optional<Character> play(String prompt, String escapeDigits) throws AgiException {
        if (socket.hungUp()) {
            throw new AgiHangupException();
        }
        AgiReply reply = channel.sendCommand(new StreamFileCommand(prompt, escapeDigits));
        int r = reply.getResultCode();
        if (r < 0) {
            // -1: the file is missing (endpos=0) or the caller hung up mid-prompt. Asterisk sends the bare
            // HANGUP line ~40 ms after such a reply, and before the reply to any command sent meanwhile,
            // so a NOOP (allowed on dead channels) tells the two apart without touching the media.
            channel.sendCommand(new NoopCommand());
            if (socket.hungUp()) {
                throw new AgiHangupException();
            }
            return Optional.empty();
        }
        return r == 0 ? Optional.empty() : Optional.of((char) r);
    }

    /**
     * Runs {@code EXEC AudioSocket <id>,<address>}: Asterisk connects to the AudioSocket server at
     * {@code address}, announces {@code id} and streams the caller's audio until the server ends it. Blocks
     * until then. The channel must be answered.
     *
     * @return Asterisk's result: 0 after the server's hangup frame or close, -1 on an error (idle timeout,
     *         caller hang-up, unanswered channel); the script keeps control either way
     * @throws AgiHangupException when the caller had already hung up
     */
    public int audioSocket(UUID id, String address) throws AgiException {
        if (socket.hungUp()) {
            throw new AgiHangupException();
        }
        return channel.sendCommand(new ExecCommand("AudioSocket", id + "," + address)).getResultCode();
    }

    /**
     * Waits up to {@code timeout} for a key press.
     *
     * @throws AgiHangupException when the caller hung up
     */
    public Optional<Character> waitForDigit(java.time.Duration timeout) throws AgiException {
        if (socket.hungUp()) {
            throw new AgiHangupException();
        }
        int r = channel.sendCommand(new WaitForDigitCommand(timeout.toMillis())).getResultCode();
        if (r < 0) {
            throw new AgiHangupException();
        }
        return r == 0 ? Optional.empty() : Optional.of((char) r);
    }

    /** Sets a channel variable; allowed on a dead channel too. */
    public void set(String name, String value) throws AgiException {
        channel.sendCommand(new SetVariableCommand(name, value));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Longest wire text kept by {@link #printable(String)}. */
    static final int PRINTABLE_MAX = 80;

    /**
     * {@code s} {@linkplain io.waitless.call.LogText#printable fit for a log line and the MDC}, at most
     * {@value #PRINTABLE_MAX} characters. Asterisk's own values (unique ids, channel and script names) pass unchanged.
     */
    static String printable(String s) {
        return io.waitless.call.LogText.printable(s, PRINTABLE_MAX);
    }
}
