package dev.loom.trace;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C trace context ({@code traceparent}) handling: every message carries one, turns continue the trace of
 * the message they handle, and messages sent by a turn are its children.
 */
public final class TraceContext {
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private TraceContext() {
    }

    /** Whether {@code traceparent} is a valid version-00 trace context. */
    public static boolean isValid(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && !traceparent.substring(3, 35).equals(ZERO_TRACE)
                && !traceparent.substring(36, 52).equals(ZERO_SPAN);
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
        return HexFormat.of().formatHex(b);
    }
}
