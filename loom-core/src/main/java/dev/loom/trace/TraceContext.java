package dev.loom.trace;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context ({@code traceparent}) handling: every message carries one, turns continue the trace of
 * the message they handle, and messages sent by a turn are its children.
 */
public final class TraceContext {
    private static final int LENGTH = 55;
    private static final HexFormat HEX = HexFormat.of();

    private TraceContext() {
    }

    /**
     * Whether {@code traceparent} is a valid version-00 trace context: {@code 00-}, 32 lower-case hex digits (not all
     * zero), {@code -}, 16 (not all zero), {@code -}, 2. Checked by hand rather than by a regular expression because
     * every turn and every send checks one.
     */
    public static boolean isValid(String traceparent) {
        if (traceparent == null || traceparent.length() != LENGTH || traceparent.charAt(0) != '0'
                || traceparent.charAt(1) != '0' || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-') {
            return false;
        }
        return nonZeroHex(traceparent, 3, 35) && nonZeroHex(traceparent, 36, 52) && hex(traceparent, 53, 55);
    }

    private static boolean nonZeroHex(String s, int from, int to) {
        boolean nonZero = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isLowerHex(c)) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** A child of {@code parent} (same trace, new span), or a new trace when {@code parent} is absent or invalid. */
    public static String childOf(String parent) {
        if (!isValid(parent)) {
            return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
        }
        return "00-" + parent.substring(3, 35) + "-" + randomHex(8) + "-" + parent.substring(53, 55);
    }

    /** The trace id part of a valid traceparent. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        if (b[0] == 0) {
            b[0] = 1;
        }
        return HEX.formatHex(b);
    }
}
