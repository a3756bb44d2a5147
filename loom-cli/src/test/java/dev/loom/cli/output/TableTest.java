package dev.loom.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumnsAndShowsMissingAsDash() {
        StringWriter sw = new StringWriter();
        Table.withColumns("NAME", "STATE").row("store", "CLOSED").row("email-transport", null).print(new PrintWriter(sw));
        assertThat(sw.toString().split("\\R")).containsExactly(
                "NAME             STATE",
                "store            CLOSED",
                "email-transport  -");
    }

    @Test
    void cutsLongCellsAndFlattensNewlines() {
        StringWriter sw = new StringWriter();
        Table.withColumns("ERROR").row("a\nb " + "x".repeat(100)).print(new PrintWriter(sw));
        String row = sw.toString().split("\\R")[1];
        assertThat(row).hasSize(Table.MAX_CELL).startsWith("a b x").endsWith("...");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> Table.withColumns("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
