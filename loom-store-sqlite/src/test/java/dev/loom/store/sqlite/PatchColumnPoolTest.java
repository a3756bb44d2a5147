package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The pooled deflaters: reused across commits, and a reused one compresses as a fresh one does. */
class PatchColumnPoolTest {
    private static final String FIRST = "[{\"op\":\"replace\",\"path\":\"/stages/a/status\",\"value\":\"SUCCEEDED\"}]".repeat(8);
    private static final String SECOND = "[{\"op\":\"add\",\"path\":\"/events/-\",\"value\":{\"kind\":\"TASK_SENT\"}}]".repeat(9);

    @Test
    void aReturnedDeflaterIsReusedAndCompressesLikeAFreshOne() {
        Deflater fresh = PatchColumn.newDeflater();
        byte[] expected;
        try {
            expected = (byte[]) PatchColumn.write(SECOND, fresh);
        } finally {
            fresh.end();
        }
        Deflater borrowed = PatchColumn.borrowDeflater();
        assertThat(PatchColumn.write(FIRST, borrowed)).isInstanceOf(byte[].class);
        PatchColumn.returnDeflater(borrowed);

        Deflater again = PatchColumn.borrowDeflater();
        try {
            assertThat(again).isSameAs(borrowed);
            assertThat((byte[]) PatchColumn.write(SECOND, again)).isEqualTo(expected);
        } finally {
            PatchColumn.returnDeflater(again);
        }
    }
}
