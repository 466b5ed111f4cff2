package io.waitless.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address block such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}.
 * IPv4-mapped IPv6 addresses match their IPv4 block.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + max);
        }
    }

    /** Parses {@code address[/prefix]}; only literal addresses, never a host name lookup. */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress network = literal(addr)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block"));
        int max = network.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
        }
        return new Cidr(network, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = unmap(address.getAddress());
        byte[] n = unmap(network.getAddress());
        if (a.length != n.length) {
            return false;
        }
        int bits = Math.min(prefixLength, n.length * 8);
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (n[full] & mask);
    }

    private static byte[] unmap(byte[] raw) {
        if (raw.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= raw[i] == 0;
            }
            mapped &= raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
            if (mapped) {
                return new byte[] {raw[12], raw[13], raw[14], raw[15]};
            }
        }
        return raw;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    /**
     * Parses a literal IPv4 or IPv6 address without ever asking DNS (a name is refused, not resolved).
     */
    public static java.util.Optional<InetAddress> literal(String s) {
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(s)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** This host only ({@code 127.0.0.1} and {@code ::1}): the default allowlist of the FastAGI and AudioSocket ports. */
    public static final java.util.List<Cidr> LOOPBACK = java.util.List.of(parse("127.0.0.1"), parse("::1"));
}
