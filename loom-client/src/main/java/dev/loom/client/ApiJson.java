package dev.loom.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The client's JSON configuration: the contract's shapes ({@code java.time} as ISO-8601 text, nulls written), and
 * lenient reading of answers, because a newer server may add fields a client must be able to ignore.
 */
final class ApiJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiJson() {
    }

    /**
     * @throws IllegalArgumentException if {@code json} does not fit {@code type}
     */
    static <T> T convert(JsonNode json, Class<T> type) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        if (type == JsonNode.class) {
            return type.cast(json);
        }
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + abbreviate(json.toString()) + " as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code bytes} as a tree. */
    static JsonNode parse(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String abbreviate(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
