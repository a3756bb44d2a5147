package dev.loom.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Applying diff(a, b) to a gives b, for random JSON documents; common changes give small patches. */
class PatchesProperties {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Objects compare without regard to field order (as JSON objects do); numbers by value. */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (x, y) -> x.equals(y)
            || (x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0) ? 0 : 1;
    private static final String[] NAMES = {"a", "b", "c", "x/y", "t~1", "", "list", "n"};

    @Property(tries = 500)
    void applyingTheDiffGivesTheTarget(@ForAll long seedA, @ForAll long seedB) {
        JsonNode a = random(new Random(seedA), 3);
        JsonNode b = mutate(a, new Random(seedB));
        String patch = Patches.diff(a, b);
        JsonNode applied = Patches.apply(a, patch);
        assertThat(applied.equals(SAME_VALUE, b)).as("apply(%s, %s) = %s, expected %s", a, patch, applied, b).isTrue();
        assertThat(Patches.diff(b, b)).isEqualTo("[]");
    }

    /**
     * A patch is stored as the text Jackson writes for it (what {@code ArrayNode.toString()} of the operations gave
     * before the patch was written directly), strings with quotes, control and non-ASCII characters included.
     */
    @Property(tries = 500)
    void thePatchTextIsWhatJacksonWritesForIt(@ForAll long seedA, @ForAll long seedB) {
        Random r = new Random(seedB);
        JsonNode a = random(new Random(seedA), 3);
        JsonNode b = mutate(a, r);
        if (b instanceof ObjectNode o) {
            o.put(NAMES[r.nextInt(NAMES.length)] + "\"\n\u0001\u00e9/", "q\"\\\t\u001f\u2028\ud83d\ude00 " + r.nextInt(9));
            o.put("d", r.nextDouble() * 1e12);
            o.put("big", new java.math.BigDecimal("1e40").add(java.math.BigDecimal.valueOf(r.nextInt())));
            ObjectNode nested = o.putObject("nested" + r.nextInt(3));
            nested.put("k\"\u0007" + r.nextInt(9), 1.5f).putArray("a").add("\\\b\f\r").add(r.nextLong()).addNull()
                    .add(F.objectNode());
        }
        if (b instanceof ArrayNode arr) {
            arr.add(F.objectNode().put("\u00ff\"", "v\n" + r.nextInt(9)).set("inner", F.arrayNode().add(F.arrayNode())));
        }
        String patch = Patches.diff(a, b);
        assertThat(patch).isEqualTo(Json.parse(patch).toString());
        assertThat(Patches.apply(a, patch).equals(SAME_VALUE, b)).isTrue();
    }

    @Example
    void sharedSubtreesAreEqualAndOnlyTheirSiblingsChanges() {
        JsonNode shared = Json.parse("{\"big\":[1,2,3],\"deep\":{\"x\":\"y\"}}");
        ObjectNode a = F.objectNode().put("n", 1).set("shared", shared);
        ObjectNode b = F.objectNode().put("n", 2).set("shared", shared);
        ((ArrayNode) b.putArray("events")).add(shared);
        a.putArray("events");

        assertThat(Json.parse(Patches.diff(a, b))).isEqualTo(Json.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2},"
                + "{\"op\":\"add\",\"path\":\"/events/-\",\"value\":{\"big\":[1,2,3],\"deep\":{\"x\":\"y\"}}}]"));
        assertThat(Patches.diff(a, a)).isEqualTo("[]");
    }

    @Example
    void aChangedArrayElementIsPatchedInPlace() {
        JsonNode a = Json.parse("{\"tasks\":[{\"status\":\"SENT\",\"n\":1}],\"ids\":[1,2,3,4,5,6]}");
        JsonNode b = Json.parse("{\"tasks\":[{\"status\":\"DONE\",\"n\":1},{\"status\":\"SENT\"}],\"ids\":[7,8,9,10,11,6]}");

        assertThat(Json.parse(Patches.diff(a, b))).isEqualTo(Json.parse("[{\"op\":\"replace\",\"path\":\"/tasks/0/status\","
                + "\"value\":\"DONE\"},{\"op\":\"add\",\"path\":\"/tasks/-\",\"value\":{\"status\":\"SENT\"}},"
                + "{\"op\":\"replace\",\"path\":\"/ids\",\"value\":[7,8,9,10,11,6]}]"));
        assertThat(Patches.apply(a, Patches.diff(a, b))).isEqualTo(b);
    }

    @Example
    void aBoundedListThatDroppedItsHeadGetsRemovesAndAdds() {
        JsonNode a = Json.parse("{\"events\":[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4},{\"n\":5},{\"n\":6}]}");
        JsonNode b = Json.parse("{\"events\":[{\"n\":3},{\"n\":4},{\"n\":5},{\"n\":6},{\"n\":7},{\"n\":8}]}");

        assertThat(Json.parse(Patches.diff(a, b))).isEqualTo(Json.parse("[{\"op\":\"remove\",\"path\":\"/events/0\"},"
                + "{\"op\":\"remove\",\"path\":\"/events/0\"},{\"op\":\"add\",\"path\":\"/events/-\",\"value\":{\"n\":7}},"
                + "{\"op\":\"add\",\"path\":\"/events/-\",\"value\":{\"n\":8}}]"));
        assertThat(Patches.apply(a, Patches.diff(a, b))).isEqualTo(b);
    }

    @Example
    void appendsAndFieldChangesAreSmall() {
        JsonNode a = Json.parse("{\"count\":1,\"seen\":[1,2],\"name\":\"x\"}");
        JsonNode b = Json.parse("{\"count\":2,\"seen\":[1,2,3],\"name\":\"x\"}");
        assertThat(Json.parse(Patches.diff(a, b))).isEqualTo(Json.parse(
                "[{\"op\":\"replace\",\"path\":\"/count\",\"value\":2},{\"op\":\"add\",\"path\":\"/seen/-\",\"value\":3}]"));
        assertThat(Patches.diff(Json.parse("{\"n\":5}"), Json.toTree(java.util.Map.of("n", 5L)))).isEqualTo("[]");
    }

    private static JsonNode mutate(JsonNode a, Random r) {
        JsonNode b = a.deepCopy();
        if (r.nextInt(4) == 0 || !b.isContainerNode()) {
            return random(r, 2);
        }
        int changes = 1 + r.nextInt(3);
        for (int i = 0; i < changes; i++) {
            change(b, r);
        }
        return b;
    }

    private static void change(JsonNode node, Random r) {
        if (node instanceof ObjectNode o) {
            String name = NAMES[r.nextInt(NAMES.length)];
            switch (r.nextInt(3)) {
                case 0 -> o.remove(name);
                case 1 -> o.set(name, random(r, 2));
                default -> {
                    JsonNode child = o.get(name);
                    if (child != null && child.isContainerNode()) {
                        change(child, r);
                    } else {
                        o.put(name, r.nextInt(100));
                    }
                }
            }
        } else if (node instanceof ArrayNode arr) {
            switch (r.nextInt(3)) {
                case 0 -> arr.add(random(r, 1));
                case 1 -> {
                    if (!arr.isEmpty()) {
                        arr.remove(r.nextInt(arr.size()));
                    }
                }
                default -> arr.insert(0, r.nextBoolean());
            }
        }
    }

    private static JsonNode random(Random r, int depth) {
        int kind = depth == 0 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> F.numberNode(r.nextInt(1000));
            case 1 -> F.textNode("s" + r.nextInt(10));
            case 2 -> r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
            case 3 -> F.numberNode(r.nextLong());
            case 4 -> {
                ArrayNode arr = F.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    arr.add(random(r, depth - 1));
                }
                yield arr;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(NAMES[r.nextInt(NAMES.length)], random(r, depth - 1));
                }
                yield o;
            }
        };
    }
}
