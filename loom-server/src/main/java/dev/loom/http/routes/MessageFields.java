package dev.loom.http.routes;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The fields of a message type as a form needs them, derived from the record components of the message class in
 * declaration order (the order Jackson writes them).
 *
 * @param name     the component's name: the JSON property
 * @param type     the JSON type the server accepts for it: {@code string}, {@code integer}, {@code number},
 *                 {@code boolean}, {@code array} or {@code object}
 * @param required true for a primitive component: the server refuses a message where it is missing or
 *                 {@code null}; a reference-typed one may be either (it is then {@code null})
 * @param values   the constants an enum component accepts; empty for any other
 */
record MessageFields(String name, String type, boolean required, List<String> values) {
    MessageFields {
        values = List.copyOf(values);
    }

    /** The fields of {@code messageClass}; none for a class that is not a record (its JSON shape is unknown here). */
    static List<MessageFields> of(Class<?> messageClass) {
        if (!messageClass.isRecord()) {
            return List.of();
        }
        List<MessageFields> out = new ArrayList<>();
        for (RecordComponent c : messageClass.getRecordComponents()) {
            Class<?> t = c.getType();
            List<String> values = t.isEnum() ? Arrays.stream(t.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList()
                    : List.of();
            out.add(new MessageFields(c.getName(), jsonType(t), t.isPrimitive(), values));
        }
        return out;
    }

    /** Whether the class's JSON shape is known, so a form can offer one input per field. */
    static boolean described(Class<?> messageClass) {
        return messageClass.isRecord();
    }

    private static String jsonType(Class<?> t) {
        if (t == boolean.class || t == Boolean.class) {
            return "boolean";
        }
        if (t == long.class || t == int.class || t == short.class || t == byte.class || t == Long.class
                || t == Integer.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return "integer";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class || t == BigDecimal.class) {
            return "number";
        }
        if (CharSequence.class.isAssignableFrom(t) || t == char.class || t == Character.class || t.isEnum()
                || t == UUID.class || Temporal.class.isAssignableFrom(t) || TemporalAmount.class.isAssignableFrom(t)) {
            return "string";
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "array";
        }
        return "object";
    }
}
