package io.waitless.sms;

import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends texts through a Kannel smsbox's {@code sendsms} HTTP interface: one {@code POST} per text whose body is
 * the text ({@code Content-Type: text/plain; charset=UTF-8}) and whose {@code X-Kannel-*} headers carry the rest:
 * {@code X-Kannel-Username}, {@code X-Kannel-Password}, {@code X-Kannel-From}, {@code X-Kannel-To}, plus
 * {@code X-Kannel-Coding: 2} (UCS-2) when the text is not GSM-7, {@code X-Kannel-SMSC} when one is configured,
 * and {@code X-Kannel-DLR-Mask} / {@code X-Kannel-DLR-URL} when delivery reports are configured. The password
 * thus never travels in a URL, so it stays out of proxies' and Kannel's access logs. (smsbox reads these
 * headers on a POST to sendsms; the integration test proves it against the real binary.)
 *
 * <p><b>Delivery reports</b>: given {@link KannelDlrUrls} ({@code sms.kannel.dlr-url} and
 * {@code hooks.kannel-secret}), Kannel is asked for reports of mask
 * {@value #DLR_MASK} = 1 (delivered to the phone) + 2 (not delivered to the phone) + 8 (accepted by the
 * operator's SMSC) + 16 (rejected by the SMSC): both final outcomes, plus the SMSC's answer, which is the only
 * report from operators that never send phone-level receipts, and which catches a rejection after Kannel
 * queued the text; 4 (buffered) is left out as noise. Kannel calls
 * {@code <dlr-url>/hooks/kannel/dlr?ref=<reference>&sig=<hmac>&status=%d&smsc=%i&ts=%t&answer=%A}: {@code sig}
 * signs the reference (see {@link KannelDlrUrls}), so the web hook refuses forged reports without storing
 * anything.
 *
 * <p>Kannel's answers, as its user guide documents them: {@code 202 "0: Accepted for delivery"} and
 * {@code 202 "3: Queued for later delivery"} are success; {@code 4xx} (e.g. {@code 403 "Authorization failed
 * for sendsms"}, {@code 400 "Missing receiver number, rejected"}) means the request or Kannel's configuration is
 * wrong and is not retryable; {@code 503 "Temporal failure, try again later."} and other {@code 5xx} are
 * retryable, as are timeouts and refused connections.
 *
 * <p>Blocking and thread-safe; one shared {@link HttpClient} on virtual threads. Each send is bounded by the
 * configured timeout (connect and whole answer, body included). Neither the password nor the recipient's full
 * number appears in logs or exception messages.
 */
public final class KannelSmsGateway implements SmsGateway {

    public static final String NAME = "kannel";

    private static final Logger log = LoggerFactory.getLogger(KannelSmsGateway.class);
    private static final int MAX_DETAIL = 200;
    private static final String REDACTED = "***";
    /** 1 delivered + 2 undelivered + 8 accepted by the SMSC + 16 rejected by the SMSC; see the class comment. */
    public static final int DLR_MASK = KannelDlrUrls.DLR_MASK;

    private final WaitlessConfig.Kannel kannel;
    private final Optional<KannelDlrUrls> reports;
    private final Duration timeout;
    private final String where;
    private final HttpExchange http;

    /**
     * @param kannel  where smsbox listens and the sendsms-user to authenticate as
     * @param timeout longest one send may take, connect included
     */
    public KannelSmsGateway(WaitlessConfig.Kannel kannel, Duration timeout) {
        this(kannel, timeout, Optional.empty());
    }

    /**
     * @param kannel  where smsbox listens and the sendsms-user to authenticate as
     * @param timeout longest one send may take, connect included
     * @param reports where Kannel should send delivery reports; empty asks for none
     */
    public KannelSmsGateway(WaitlessConfig.Kannel kannel, Duration timeout, Optional<KannelDlrUrls> reports) {
        this.kannel = Objects.requireNonNull(kannel, "kannel");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sms.timeout must be positive, was " + timeout);
        }
        URI url = Objects.requireNonNull(kannel.sendsmsUrl(), "sendsmsUrl");
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("sms.kannel.sendsms-url must be an http(s) URL with a host");
        }
        Objects.requireNonNull(kannel.username(), "username");
        Objects.requireNonNull(kannel.password(), "password");
        this.where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        // Kannel speaks HTTP/1.1; skip the h2c upgrade attempt
        this.http = new HttpExchange(timeout, "Kannel at " + where, "; is smsbox running?", HttpClient.Version.HTTP_1_1);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Hands the text to Kannel.
     *
     * @return a receipt whose detail is Kannel's answer ({@code "0: Accepted for delivery"}); Kannel's sendsms
     *         gives no message id, so the id is empty
     * @throws SmsException retryable for timeouts, refused connections and 5xx; not retryable for 4xx
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        HttpRequest request = request(message);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, message.reference(), cause -> sanitized(cause, message));
        return interpret(response, message, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The sendsms POST for this message: the text as the UTF-8 body, everything else in X-Kannel headers. */
    HttpRequest request(SmsMessage message) {
        HttpRequest.Builder b = HttpRequest.newBuilder(kannel.sendsmsUrl())
                .timeout(timeout)
                .header("Accept", "text/plain")
                // always name the charset: older Kannels read 7-bit texts as ISO-8859-1 by default
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("X-Kannel-Username", kannel.username())
                .header("X-Kannel-Password", kannel.password())
                .header("X-Kannel-From", message.from())
                .header("X-Kannel-To", message.to());
        if (kannel.smsc() != null && !kannel.smsc().isBlank()) {
            b.header("X-Kannel-SMSC", kannel.smsc());
        }
        if (!Gsm7.isEncodable(message.text())) {
            b.header("X-Kannel-Coding", "2");
        }
        reports.ifPresent(r -> b.header("X-Kannel-DLR-Mask", String.valueOf(DLR_MASK))
                .header("X-Kannel-DLR-URL", r.dlrUrl(message.reference()) + "&smsc=%i&ts=%t&answer=%A"));
        return b.POST(HttpRequest.BodyPublishers.ofString(message.text(), StandardCharsets.UTF_8)).build();
    }

    private static String encode(String value) {
        // URLEncoder writes form encoding; a literal '+' is already %2B, so '+' can only mean a space here
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private SmsReceipt interpret(HttpResponse<String> response, SmsMessage message, Duration took) {
        int status = response.statusCode();
        String body = detail(response.body(), message);
        if (status >= 200 && status < 300) {
            log.info("SMS {} to {} accepted by Kannel at {} in {} ms: {}", message.reference(),
                    PhoneMask.mask(message.to()), where, took.toMillis(), body);
            return new SmsReceipt(NAME, "", body);
        }
        boolean retryable = status >= 500;
        String hint = status == 403 && body.startsWith("Authorization failed")
                ? " (check sms.kannel username and password against Kannel's sendsms-user group)" : "";
        throw new SmsException("Kannel at " + where + " refused SMS " + message.reference() + ": HTTP " + status
                + " \"" + body + "\"" + hint, retryable);
    }

    /** Kannel's answer, on one line, shortened, with the password and recipient taken out. */
    private String detail(String body, SmsMessage message) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        String clean = redact(oneLine, message);
        return clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL) + "…";
    }

    private String redact(String s, SmsMessage message) {
        String out = s;
        String password = kannel.password();
        if (!password.isEmpty()) {
            out = out.replace(password, REDACTED).replace(encode(password), REDACTED)
                    .replace(URLEncoder.encode(password, StandardCharsets.UTF_8), REDACTED);
        }
        String masked = PhoneMask.mask(message.to());
        return out.replace(message.to(), masked).replace(encode(message.to()), masked)
                .replace(message.to().substring(1), masked);
    }

    /**
     * The cause to attach: itself when no message in its chain holds the password or the number; otherwise a
     * stand-in with the redacted text and the original stack trace, so nothing secret reaches a log.
     */
    private Throwable sanitized(Throwable cause, SmsMessage message) {
        boolean leaks = false;
        for (Throwable t = cause; t != null && !leaks; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            leaks = !redact(text, message).equals(text);
        }
        if (!leaks) {
            return cause;
        }
        IOException standIn = new IOException(cause.getClass().getName() + ": "
                + redact(String.valueOf(cause.getMessage()), message));
        standIn.setStackTrace(cause.getStackTrace());
        return standIn;
    }

    /** Stops the HTTP client: waits up to the timeout for sends in flight, then aborts them. Idempotent. */
    @Override
    public void close() {
        http.close();
    }
}
