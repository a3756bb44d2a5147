package dev.loom.http.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageFieldsTest {
    enum Priority { LOW, HIGH }

    record Everything(long count, int small, Long boxed, double ratio, BigDecimal amount, boolean flag, Boolean maybe,
                      String text, Priority priority, UUID id, Instant at, Duration delay, List<String> tags,
                      int[] numbers, Map<String, Object> extra) {
    }

    static final class NotARecord {
    }

    @Test
    void recordComponentsBecomeFieldsInDeclarationOrderWithTheirJsonTypes() {
        assertThat(MessageFields.of(Everything.class)).containsExactly(
                new MessageFields("count", "integer", true, List.of()),
                new MessageFields("small", "integer", true, List.of()),
                new MessageFields("boxed", "integer", false, List.of()),
                new MessageFields("ratio", "number", true, List.of()),
                new MessageFields("amount", "number", false, List.of()),
                new MessageFields("flag", "boolean", true, List.of()),
                new MessageFields("maybe", "boolean", false, List.of()),
                new MessageFields("text", "string", false, List.of()),
                new MessageFields("priority", "string", false, List.of("LOW", "HIGH")),
                new MessageFields("id", "string", false, List.of()),
                new MessageFields("at", "string", false, List.of()),
                new MessageFields("delay", "string", false, List.of()),
                new MessageFields("tags", "array", false, List.of()),
                new MessageFields("numbers", "array", false, List.of()),
                new MessageFields("extra", "object", false, List.of()));
        assertThat(MessageFields.described(Everything.class)).isTrue();
    }

    @Test
    void aClassThatIsNotARecordHasNoDescribedFields() {
        assertThat(MessageFields.of(NotARecord.class)).isEmpty();
        assertThat(MessageFields.described(NotARecord.class)).isFalse();
    }
}
