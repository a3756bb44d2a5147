package dev.loom.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of Loom: records, {@code java.time} as ISO-8601 text, strict reading (unknown
 * fields and nulls for primitives are errors). Every conversion failure becomes a {@link SerializationException}
 * that names the type and field.
 *
 * <p>Reading and writing a class go through an {@link ObjectReader} or {@link ObjectWriter} made once per class,
 * which keeps the class's root (de)serializer, and Jackson's buffers come from one pool shared by all threads:
 * Jackson's default pool is per thread, and a runtime whose turns and sends run on short-lived virtual threads
 * would miss it on nearly every call and allocate fresh buffers each time.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectReader TREE_READER = MAPPER.reader();
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };

    private Json() {
    }

    /** The shared mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as a JSON tree (built by the value itself when it is {@link TreeWritable}). */
    public static JsonNode toTree(Object value) {
        if (value instanceof TreeWritable writable) {
            return writable.toTree();
        }
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot serialize " + typeName(value) + " as JSON: " + detail(e), e);
        }
    }

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        try {
            return value == null ? "null" : WRITERS.get(value.getClass()).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot serialize " + typeName(value) + " as JSON: " + detail(e), e);
        }
    }

    /** Parses JSON text into a tree. */
    public static JsonNode parse(String json) {
        try {
            return TREE_READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SerializationException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Converts a tree to {@code type}. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON: " + detail(e), e,
                    fieldPath(e));
        }
    }

    /** Parses JSON text as {@code type}. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return READERS.get(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from JSON: " + detail(e), e);
        }
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** Jackson's message without its source location noise, with the field path when known. */
    private static String detail(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof JsonProcessingException)) {
            t = t.getCause();
        }
        if (t instanceof JsonMappingException jme) {
            String path = jme.getPath().isEmpty() ? "" : " (at field '" + pathOf(jme) + "')";
            return jme.getOriginalMessage() + path;
        }
        if (t instanceof JsonProcessingException jpe) {
            return jpe.getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** The field path Jackson reports for {@code e}, or null. */
    private static String fieldPath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException jme) {
                return jme.getPath().isEmpty() ? null : pathOf(jme);
            }
        }
        return null;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
