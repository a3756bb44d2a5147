package dev.loom.cli.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void readsShortAndIsoForms() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationConverter.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesGarbageAndNegatives() {
        assertThatThrownBy(() -> DurationConverter.parse("5 seconds")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("PT-5S")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("negative");
    }
}
