package dev.loom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON conversion: records and java.time round-trip; failures name the type and field. */
class JsonTest {
    record Order(String id, long cents, Instant at) {
    }

    record Holder(Object thing) {
    }

    record Carrier(@JsonSerialize(using = SharedTree.class) JsonNode value,
                   @JsonSerialize(contentUsing = SharedTree.class) List<JsonNode> values) {
    }

    static final class Opaque {
        public int getBroken() {
            throw new IllegalStateException("cannot compute");
        }
    }

    @Test
    void recordsAndTimesRoundTrip() {
        Order o = new Order("o-1", 250, Instant.parse("2026-05-01T10:00:00Z"));
        String json = Json.write(o);
        assertThat(json).contains("\"at\":\"2026-05-01T10:00:00Z\"");
        assertThat(Json.read(json, Order.class)).isEqualTo(o);
    }

    @Test
    void readErrorsNameTheField() {
        assertThatThrownBy(() -> Json.read("{\"id\":\"x\",\"cents\":\"lots\"}", Order.class))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Order").hasMessageContaining("cents");
        assertThatThrownBy(() -> Json.read("{\"id\":\"x\",\"cents\":1,\"bogus\":1}", Order.class))
                .hasMessageContaining("bogus");
        assertThatThrownBy(() -> Json.parse("{oops")).hasMessageContaining("malformed JSON");
    }

    @Test
    void parsingIsStrictAboutTrailingTokensAndAnswersMissingForNothing() {
        assertThat(Json.parse("").isMissingNode()).isTrue();
        assertThat(Json.parse(" {\"a\":[1,2]} ").path("a").get(1).intValue()).isEqualTo(2);
        assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> Json.read("{\"id\":\"x\",\"cents\":1,\"at\":null} 1", Order.class))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void textIsTheSameFromManyVirtualThreadsAtOnce() throws Exception {
        Order o = new Order("o-\"1\"", 250, Instant.parse("2026-05-01T10:00:00Z"));
        String expected = Json.mapper().writeValueAsString(o);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                same.add(threads.submit(() -> Json.write(o).equals(expected) && Json.read(expected, Order.class).equals(o)));
            }
            for (var f : same) {
                assertThat(f.get()).isTrue();
            }
        }
    }

    @Test
    void writeErrorsNameTheTypeAndField() {
        assertThatThrownBy(() -> Json.write(new Holder(new Opaque())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Holder").hasMessageContaining("thing.broken");
    }

    @Test
    void aSharedTreeIsTheNodeItselfInATreeAndItsContentInText() {
        ObjectNode value = Json.mapper().createObjectNode().put("n", 1);
        ObjectNode element = Json.mapper().createObjectNode().put("e", true);
        Carrier carrier = new Carrier(value, List.of(element));

        JsonNode tree = Json.toTree(carrier);

        assertThat(tree.get("value")).isSameAs(value);
        assertThat(tree.get("values").get(0)).isSameAs(element);
        assertThat(Json.write(carrier)).isEqualTo("{\"value\":{\"n\":1},\"values\":[{\"e\":true}]}");
        assertThat(Json.read(Json.write(carrier), Carrier.class)).isEqualTo(carrier);
    }
}
