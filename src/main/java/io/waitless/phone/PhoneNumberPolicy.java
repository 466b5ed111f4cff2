package io.waitless.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import io.waitless.call.CallInfo;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.CallerVerdict;
import io.waitless.deflect.CallerVerdict.Reason;
import io.waitless.deflect.NumberPolicy;
import io.waitless.deflect.QueueSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link NumberPolicy} with libphonenumber. A caller may be offered a text only when the caller ID is
 * presented, is made of digits, parses (national numbers in the queue's region, else
 * {@code callers.default-region}) as a valid number of an allowed country, and is a mobile number
 * (fixed-or-mobile and VoIP only when configured). Every other caller gets a {@link Reason} of its own. An
 * optional {@link LineTypes} lookup overrides the offline line type (mobile / landline / VoIP) but never
 * lets a special range (premium-rate, toll-free, shared-cost…) through.
 *
 * <p>The caller reference is HMAC-SHA-256 of the E.164 number under {@code callers.reference-key}, so Redis
 * never holds the number itself. Thread-safe; blocks only inside the lookup (bounded by its timeout).
 */
public final class PhoneNumberPolicy implements NumberPolicy {
    private static final Set<String> WITHHELD_WORDS =
            Set.of("anonymous", "restricted", "withheld", "private", "unavailable", "blocked");
    private static final Set<String> NO_ID_WORDS = Set.of("", "unknown", "<unknown>");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    /** What a dialable number may hold besides digits: a leading +, spaces, dashes, dots, brackets. */
    private static final Pattern DIALABLE = Pattern.compile("\\+?[0-9 ().\\-]*[0-9][0-9 ().\\-]*");
    /** No number plan has more than 15 digits (E.164); a few more allow for trunk and exit prefixes. */
    private static final int MOST_DIGITS = 17;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final ShortNumberInfo shortNumbers = ShortNumberInfo.getInstance();
    private final WaitlessConfig.Callers cfg;
    private final Map<String, String> queueRegions;
    private final LineTypes lineTypes;
    private final SecretKeySpec key;

    /** Without per-queue regions and without a line-type lookup. */
    public PhoneNumberPolicy(WaitlessConfig.Callers cfg) {
        this(cfg, List.of(), LineTypes.NONE);
    }

    /**
     * @param queues    their {@link QueueSettings#region()} reads national numbers in that queue
     * @param lineTypes asked for every valid number of an allowed country whose offline type is a line type
     */
    public PhoneNumberPolicy(WaitlessConfig.Callers cfg, List<QueueSettings> queues, LineTypes lineTypes) {
        this.cfg = cfg;
        this.queueRegions = queues.stream().filter(q -> q.region().isPresent())
                .collect(Collectors.toUnmodifiableMap(QueueSettings::name, q -> q.region().get()));
        this.lineTypes = lineTypes;
        this.key = new SecretKeySpec(cfg.referenceKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    @Override
    public CallerVerdict check(CallInfo call, String queue) {
        String raw = call.callerId().strip();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (NO_ID_WORDS.contains(lower)) {
            return new CallerVerdict.NotTextable(Reason.NO_CALLER_ID, "(none)", "");
        }
        if (call.presentationRestricted() || WITHHELD_WORDS.contains(lower)) {
            return new CallerVerdict.NotTextable(Reason.WITHHELD, "(withheld)", "");
        }
        String region = queueRegions.getOrDefault(queue, cfg.defaultRegion());
        Parsed parsed = parse(raw, region);
        if (parsed.refusal().isPresent()) {
            return new CallerVerdict.NotTextable(parsed.refusal().get(), PhoneMask.mask(raw), "");
        }
        PhoneNumber number = parsed.number();
        String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        String masked = PhoneMask.mask(e164);
        String ref = reference(e164);
        String numberRegion = util.getRegionCodeForNumber(number);
        if (numberRegion == null || !cfg.allowedCountries().contains(numberRegion)) {
            return new CallerVerdict.NotTextable(Reason.COUNTRY_NOT_ALLOWED, masked, ref);
        }
        Optional<Reason> refusal = refusal(util.getNumberType(number), e164, ref);
        return refusal.<CallerVerdict>map(r -> new CallerVerdict.NotTextable(r, masked, ref))
                .orElseGet(() -> new CallerVerdict.Textable(e164, masked, ref, numberRegion));
    }

    private record Parsed(PhoneNumber number, Optional<Reason> refusal) {
        static Parsed refused(Reason r) {
            return new Parsed(null, Optional.of(r));
        }
    }

    private Parsed parse(String raw, String region) {
        if (LETTER.matcher(raw).find()) {
            return Parsed.refused(Reason.LETTERS);
        }
        if (raw.chars().filter(Character::isDigit).count() > MOST_DIGITS) {
            return Parsed.refused(Reason.TOO_LONG);
        }
        if (!DIALABLE.matcher(raw).matches()) {
            return Parsed.refused(Reason.MALFORMED);
        }
        boolean international = raw.startsWith("+");
        if (!international && region.isEmpty()) {
            return Parsed.refused(Reason.NO_REGION);
        }
        PhoneNumber number;
        try {
            number = util.parse(raw, international ? null : region);
        } catch (NumberParseException e) {
            return Parsed.refused(switch (e.getErrorType()) {
                case TOO_LONG -> Reason.TOO_LONG;
                case INVALID_COUNTRY_CODE -> international ? Reason.INVALID : Reason.NO_REGION;
                default -> Reason.MALFORMED;
            });
        }
        if (!util.isValidNumber(number)) {
            boolean shortCode = !international && shortNumbers.isValidShortNumberForRegion(number, region);
            return Parsed.refused(shortCode ? Reason.SHORT_CODE : Reason.INVALID);
        }
        return new Parsed(number, Optional.empty());
    }

    /** Why a valid number of an allowed country may not be texted, if it may not. */
    private Optional<Reason> refusal(PhoneNumberType offline, String e164, String ref) {
        Optional<Reason> special = switch (offline) {
            case PREMIUM_RATE -> Optional.of(Reason.PREMIUM_RATE);
            case SHARED_COST -> Optional.of(Reason.SHARED_COST);
            case TOLL_FREE -> Optional.of(Reason.TOLL_FREE);
            case UAN -> Optional.of(Reason.UAN);
            case VOICEMAIL -> Optional.of(Reason.VOICEMAIL);
            case PAGER -> Optional.of(Reason.PAGER);
            case PERSONAL_NUMBER -> Optional.of(Reason.PERSONAL_NUMBER);
            default -> Optional.empty();
        };
        if (special.isPresent()) {
            return special;
        }
        LineTypes.LineType looked = lineTypes.lookup(e164, ref).orElse(LineTypes.LineType.UNKNOWN);
        return switch (looked) {
            case MOBILE -> Optional.empty();
            case LANDLINE -> Optional.of(Reason.LANDLINE);
            case VOIP -> cfg.allowVoip() ? Optional.empty() : Optional.of(Reason.VOIP);
            case UNKNOWN -> switch (offline) {
                case MOBILE -> Optional.empty();
                case FIXED_LINE -> Optional.of(Reason.LANDLINE);
                case VOIP -> cfg.allowVoip() ? Optional.empty() : Optional.of(Reason.VOIP);
                case FIXED_LINE_OR_MOBILE -> cfg.allowFixedOrMobile() ? Optional.empty() : Optional.of(Reason.NOT_MOBILE);
                default -> Optional.of(Reason.NOT_MOBILE);
            };
        };
    }

    /**
     * The E.164 form of any valid number (of any type or country), for operators' tools such as
     * {@code waitless optout add}: national numbers are read in {@code callers.default-region}.
     */
    public Optional<String> normalize(String raw) {
        Parsed parsed = parse(raw.strip(), cfg.defaultRegion());
        return parsed.refusal().isPresent() ? Optional.empty()
                : Optional.of(util.format(parsed.number(), PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /**
     * The E.164 form of a number as a gateway reports a sender ({@code +972501234567}, {@code 972501234567},
     * {@code 0501234567}); digits without {@code +} are tried as international first. Empty when it is not a
     * valid number.
     */
    public java.util.Optional<String> e164(String raw) {
        String s = raw == null ? "" : raw.strip();
        java.util.List<String> tries = s.matches("[1-9]\\d{7,14}") ? java.util.List.of("+" + s, s) : java.util.List.of(s);
        for (String t : tries) {
            try {
                PhoneNumber n = util.parse(t, cfg.defaultRegion());
                if (util.isValidNumber(n)) {
                    return java.util.Optional.of(util.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
                }
            } catch (NumberParseException e) {
                // not a number in this form; the next form is tried, and empty means none worked
            }
        }
        return java.util.Optional.empty();
    }

    /** HMAC-SHA-256 of the E.164 number, first 16 bytes in hex. */
    public String reference(String e164) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal(e164.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
