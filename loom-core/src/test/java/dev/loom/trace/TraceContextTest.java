package dev.loom.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Version-00 traceparents: what is valid, and that children keep the trace. */
class TraceContextTest {
    private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aWellFormedTraceparentIsValid() {
        assertThat(TraceContext.isValid(VALID)).isTrue();
        assertThat(TraceContext.isValid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")).isTrue();
        assertThat(TraceContext.isValid("00-00000000000000000000000000000001-0000000000000001-ff")).isTrue();
    }

    @Test
    void anythingElseIsNot() {
        assertThat(TraceContext.isValid(null)).isFalse();
        assertThat(TraceContext.isValid("")).isFalse();
        assertThat(TraceContext.isValid(VALID + "0")).as("too long").isFalse();
        assertThat(TraceContext.isValid(VALID.substring(1))).as("too short").isFalse();
        assertThat(TraceContext.isValid("01" + VALID.substring(2))).as("another version").isFalse();
        assertThat(TraceContext.isValid(VALID.toUpperCase())).as("upper case").isFalse();
        assertThat(TraceContext.isValid(VALID.replace('-', '_'))).as("separators").isFalse();
        assertThat(TraceContext.isValid("00-00000000000000000000000000000000-b7ad6b7169203331-01")).as("zero trace").isFalse();
        assertThat(TraceContext.isValid("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")).as("zero span").isFalse();
        assertThat(TraceContext.isValid("00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01")).as("not hex").isFalse();
        assertThat(TraceContext.isValid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0x")).as("flags").isFalse();
    }

    @Test
    void aChildKeepsTheTraceAndAnInvalidParentStartsANewOne() {
        String child = TraceContext.childOf(VALID);
        assertThat(TraceContext.isValid(child)).isTrue();
        assertThat(TraceContext.traceId(child)).isEqualTo(TraceContext.traceId(VALID));
        assertThat(child.substring(36, 52)).isNotEqualTo(VALID.substring(36, 52));
        assertThat(child).endsWith("-01");

        String fresh = TraceContext.childOf("garbage");
        assertThat(TraceContext.isValid(fresh)).isTrue();
        assertThat(TraceContext.traceId(fresh)).isNotEqualTo(TraceContext.traceId(VALID));
    }
}
