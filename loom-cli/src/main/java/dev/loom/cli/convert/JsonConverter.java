package dev.loom.cli.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a JSON argument, so that malformed JSON is refused before anything is sent. */
public final class JsonConverter implements ITypeConverter<JsonNode> {
    @Override
    public JsonNode convert(String value) {
        try {
            return Json.parse(value);
        } catch (SerializationException e) {
            throw new TypeConversionException("'" + value + "' is not valid JSON (" + e.getMessage()
                    + "); quote it for the shell, e.g. '{\"by\": 5}'");
        }
    }
}
