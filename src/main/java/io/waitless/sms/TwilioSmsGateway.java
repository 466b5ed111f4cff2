package io.waitless.sms;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sends texts through a Twilio-compatible REST API: {@code POST {base-url}/2010-04-01/Accounts/{AccountSid}/
 * Messages.json}, form-encoded {@code To}, {@code From} (or {@code MessagingServiceSid} when configured),
 * {@code Body} and, when configured, {@code StatusCallback}; HTTP basic auth with the account sid and auth token
 * (or an API key sid and secret). The JSON reply is read with Gson.
 *
 * <p>Answers: {@code 2xx} with a {@code sid} is a receipt whose message id is that sid; {@code 2xx} without a
 * readable sid is a non-retryable "unreadable reply" (the provider may have taken the text, so sending again
 * could send it twice); {@code 429} and {@code 5xx} are retryable; every other status ({@code 400} bad number,
 * {@code 401}/{@code 403} credentials, {@code 404} wrong account) is not, and its message carries Twilio's
 * {@code code} and {@code message}. Timeouts and refused connections are retryable.
 *
 * <p>Blocking and thread-safe; one shared {@link HttpClient} on virtual threads; each send is bounded by the
 * timeout, body included. The auth token never appears in logs or exceptions; the recipient only masked.
 */
public final class TwilioSmsGateway implements SmsGateway {

    public static final String NAME = "twilio";

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);
    private static final int MAX_DETAIL = 200;

    private final WaitlessConfig.Twilio twilio;
    private final Duration timeout;
    private final URI endpoint;
    private final String where;
    private final String authorization;
    private final HttpExchange http;

    /**
     * @param twilio  the API's base URL, account and credentials
     * @param timeout longest one send may take, connect included
     */
    public TwilioSmsGateway(WaitlessConfig.Twilio twilio, Duration timeout) {
        this.twilio = Objects.requireNonNull(twilio, "twilio");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sms.timeout must be positive, was " + timeout);
        }
        URI base = Objects.requireNonNull(twilio.baseUrl(), "baseUrl");
        if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new IllegalArgumentException("sms.twilio.base-url must be an http(s) URL with a host");
        }
        if (!twilio.accountSid().matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("sms.twilio.account-sid must be letters and digits (AC...)");
        }
        String b = base.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(b + "/2010-04-01/Accounts/" + twilio.accountSid() + "/Messages.json");
        this.where = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (twilio.username() + ":" + twilio.secret()).getBytes(StandardCharsets.UTF_8));
        this.http = new HttpExchange(timeout, where, "", HttpClient.Version.HTTP_2);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @return a receipt with the provider's message sid and its status ({@code queued}, {@code accepted})
     * @throws SmsException retryable for timeouts, refused connections, 429 and 5xx; not retryable otherwise
     */
    @Override
    public SmsReceipt send(SmsMessage message) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(message), StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, message.reference(), cause -> cause);
        return interpret(response, message, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The form body: {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body}, {@code StatusCallback}.
     * The status callback gets {@code ref=<our reference>} appended, so the report names the deflection (the
     * provider signs the whole URL, query included, so the reference is covered by its signature).
     */
    String form(SmsMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("To", message.to());
        twilio.messagingServiceSid().ifPresentOrElse(sid -> fields.put("MessagingServiceSid", sid),
                () -> fields.put("From", message.from()));
        fields.put("Body", message.text());
        twilio.statusCallback().ifPresent(url -> fields.put("StatusCallback", url + (url.getRawQuery() == null ? "?" : "&")
                + "ref=" + URLEncoder.encode(message.reference(), StandardCharsets.UTF_8)));
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private SmsReceipt interpret(HttpResponse<String> response, SmsMessage message, Duration took) {
        int status = response.statusCode();
        Optional<JsonObject> json = parse(response.body());
        if (status >= 200 && status < 300) {
            Optional<String> sid = json.flatMap(j -> string(j, "sid")).filter(s -> !s.isBlank());
            if (sid.isEmpty()) {
                throw new SmsException(where + " gave an unreadable reply to SMS " + message.reference()
                        + " (HTTP " + status + ", no message sid): \"" + shorten(response.body(), message)
                        + "\"; not retried, it may have been sent", false);
            }
            String state = json.flatMap(j -> string(j, "status")).orElse("");
            String error = json.flatMap(j -> string(j, "error_code")).map(c -> " error " + c).orElse("");
            log.info("SMS {} to {} accepted by {} in {} ms: {} {}{}", message.reference(),
                    PhoneMask.mask(message.to()), where, took.toMillis(), sid.get(), state, error);
            return new SmsReceipt(NAME, sid.get(), state + error);
        }
        boolean retryable = status == 429 || status >= 500;
        String code = json.flatMap(j -> string(j, "code").or(() -> string(j, "error_code"))).orElse("none");
        String words = json.flatMap(j -> string(j, "message").or(() -> string(j, "error_message")))
                .map(m -> shorten(m, message)).orElseGet(() -> shorten(response.body(), message));
        String hint = status == 401 || status == 403
                ? " (check sms.twilio account-sid and auth-token, or api-key-sid and api-key-secret)" : "";
        throw new SmsException(where + " refused SMS " + message.reference() + ": HTTP " + status + ", Twilio code "
                + code + ": \"" + words + "\"" + hint, retryable);
    }

    private static Optional<JsonObject> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            return e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
        } catch (JsonParseException e) {
            return Optional.empty(); // the callers say "unreadable" and quote the body
        }
    }

    private static Optional<String> string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? Optional.empty() : Optional.of(e.getAsString());
    }

    /** One line, at most {@value #MAX_DETAIL} characters, the recipient masked and the secret taken out. */
    private String shorten(String text, SmsMessage message) {
        String one = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        String masked = PhoneMask.mask(message.to());
        one = one.replace(message.to(), masked).replace(message.to().substring(1), masked);
        if (!twilio.secret().isEmpty()) {
            one = one.replace(twilio.secret(), "***");
        }
        return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL) + "…";
    }

    /** Stops the HTTP client: waits up to the timeout for sends in flight, then aborts them. Idempotent. */
    @Override
    public void close() {
        http.close();
    }
}
