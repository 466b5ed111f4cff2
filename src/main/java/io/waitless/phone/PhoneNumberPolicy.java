package io.waitless.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.waitless.call.CallInfo;
import io.waitless.call.PhoneMask;
import io.waitless.config.WaitlessConfig;
import io.waitless.deflect.CallerVerdict;
import io.waitless.deflect.CallerVerdict.Reason;
import io.waitless.deflect.NumberPolicy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * {@link NumberPolicy} with libphonenumber: the caller ID must parse as a valid number of an allowed
 * country and be a mobile (or, when configured, fixed-or-mobile) number. Withheld, anonymous and
 * malformed numbers never get a text. The caller reference is HMAC-SHA-256 of the E.164 number under
 * {@code callers.reference-key}, so Redis never holds the number itself.
 */
public final class PhoneNumberPolicy implements NumberPolicy {
    private static final Set<String> WITHHELD_WORDS =
            Set.of("anonymous", "restricted", "withheld", "private", "unavailable", "blocked");
    private static final Set<String> NO_ID_WORDS = Set.of("", "unknown", "<unknown>");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final WaitlessConfig.Callers cfg;
    private final SecretKeySpec key;

    public PhoneNumberPolicy(WaitlessConfig.Callers cfg) {
        this.cfg = cfg;
        this.key = new SecretKeySpec(cfg.referenceKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    @Override
    public CallerVerdict check(CallInfo call) {
        String raw = call.callerId().strip();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (NO_ID_WORDS.contains(lower)) {
            return new CallerVerdict.NotTextable(Reason.NO_CALLER_ID, "(none)", "");
        }
        if (call.presentationRestricted() || WITHHELD_WORDS.contains(lower)) {
            return new CallerVerdict.NotTextable(Reason.WITHHELD, "(withheld)", "");
        }
        PhoneNumber number;
        try {
            number = util.parse(raw, cfg.defaultRegion());
        } catch (NumberParseException e) {
            return new CallerVerdict.NotTextable(Reason.MALFORMED, PhoneMask.mask(raw), "");
        }
        if (!util.isValidNumber(number)) {
            return new CallerVerdict.NotTextable(Reason.MALFORMED, PhoneMask.mask(raw), "");
        }
        String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        String masked = PhoneMask.mask(e164);
        String ref = reference(e164);
        String region = util.getRegionCodeForNumber(number);
        if (region == null || !cfg.allowedCountries().contains(region)) {
            return new CallerVerdict.NotTextable(Reason.COUNTRY_NOT_ALLOWED, masked, ref);
        }
        PhoneNumberType type = util.getNumberType(number);
        boolean mobile = type == PhoneNumberType.MOBILE
                || (cfg.allowFixedOrMobile() && type == PhoneNumberType.FIXED_LINE_OR_MOBILE);
        if (!mobile) {
            return new CallerVerdict.NotTextable(Reason.NOT_MOBILE, masked, ref);
        }
        return new CallerVerdict.Textable(e164, masked, ref);
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
