package dev.loom.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IdRangeTest {
    @Test
    void theRangeStartsAtThePrefixOrAfterALaterCursorAndEndsBelowItsSuccessor() {
        assertThat(IdRange.of("ord", null)).isEqualTo(new IdRange("ord", true, Optional.of("ore")));
        assertThat(IdRange.of("ord", "abc")).isEqualTo(new IdRange("ord", true, Optional.of("ore")));
        assertThat(IdRange.of("ord", "ord-3")).isEqualTo(new IdRange("ord-3", false, Optional.of("ore")));
        assertThat(IdRange.of("a\uD7FF", null).below()).contains("a\uE000");
        assertThat(IdRange.of("a" + new String(Character.toChars(Character.MAX_CODE_POINT)), null).below()).contains("b");
        assertThat(IdRange.of(new String(Character.toChars(Character.MAX_CODE_POINT)), null).below()).isEmpty();
        assertThatThrownBy(() -> IdRange.of("", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyTheIdsWithThePrefixFallInTheRangeInUtf8Order() {
        List<String> ids = List.of("or", "ord", "ord-1", "orc", "ore", "ordz", "ord\uFFFF", "ord\uD83D\uDE00", "p", "\uE000",
                "ord\uE000x", "Ord");
        TreeSet<String> utf8Ordered = new TreeSet<>(IdRange::compareUtf8);
        utf8Ordered.addAll(ids);
        for (String prefix : List.of("ord", "or", "o", "ord\uFFFF", "\uD83D\uDE00")) {
            IdRange r = IdRange.of(prefix, null);
            List<String> inRange = utf8Ordered.stream()
                    .filter(id -> IdRange.compareUtf8(id, r.from()) >= 0)
                    .filter(id -> r.below().map(b -> IdRange.compareUtf8(id, b) < 0).orElse(true))
                    .toList();
            assertThat(inRange).as(prefix).isEqualTo(utf8Ordered.stream().filter(id -> id.startsWith(prefix)).toList());
        }
    }
}
