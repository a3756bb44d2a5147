package dev.loom.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.loom.json.Json;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoreException;
import java.util.List;

/** A message's recorded durable steps as stored: a JSON array in a TEXT column, {@code NULL} when none. */
final class StepsColumn {
    private static final TypeReference<List<StepRecord>> TYPE = new TypeReference<>() {
    };

    private StepsColumn() {
    }

    static String write(List<StepRecord> steps) {
        if (steps == null || steps.isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot store durable steps as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static List<StepRecord> read(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored durable steps are not readable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
