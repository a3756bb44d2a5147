package dev.loom.http.body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.http.ApiException;
import dev.loom.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body read at most once, refused beyond the size limit, parsed as JSON in UTF-8 (RFC 8259 §8.1).
 * Every failure is the client's: 413 beyond the limit, 400 {@code malformed_body} for a body that does not match
 * its framing, 400 {@code malformed_json} for bytes that are not UTF-8 JSON.
 */
public final class JsonBody {
    private final Supplier<InputStream> stream;
    private final long declaredLength;
    private final long limit;
    private JsonNode parsed;

    /**
     * @param stream         the entity stream (read lazily)
     * @param declaredLength the Content-Length, or -1 when unknown (chunked)
     * @param limit          largest body accepted, in bytes
     */
    public JsonBody(Supplier<InputStream> stream, long declaredLength, long limit) {
        this.stream = stream;
        this.declaredLength = declaredLength;
        this.limit = limit;
    }

    /** Refuses, before reading, a body whose declared length is over the limit. */
    public void checkDeclaredLength() {
        if (declaredLength > limit) {
            throw tooLarge();
        }
    }

    /**
     * The body as a stream, without the size limit, for endpoints that stream large bodies themselves. Use
     * either this or {@link #read()}.
     */
    public InputStream stream() {
        return declaredLength == 0 ? InputStream.nullInputStream() : new EntityStream(stream.get());
    }

    /** The parsed body. */
    public JsonNode read() {
        if (parsed == null) {
            parsed = parse(readBytes());
        }
        return parsed;
    }

    private byte[] readBytes() {
        checkDeclaredLength();
        if (declaredLength == 0) {
            return new byte[0];
        }
        try (InputStream in = new EntityStream(stream.get())) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw EntityStream.malformed(e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the request body is larger than the limit of " + limit
                + " bytes (http.bodyLimit)");
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ApiException(400, "malformed_json", "the request body is empty; expected a JSON object");
        }
        refuseOtherEncodings(bytes);
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new ApiException(400, "malformed_json", "the request body is empty; expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed_json", "the request body is not valid JSON" + where + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // Jackson reads bytes in memory: its only other I/O errors are about decoding them.
            throw new ApiException(400, "malformed_json", "the request body cannot be read as UTF-8 JSON: "
                    + firstLine(e.getMessage()));
        }
    }

    /*
     * JSON on the wire is UTF-8 (RFC 8259 §8.1). Jackson's byte parser validates UTF-8 itself (a bad sequence is a
     * parse error, so a 400 below), but from a byte-order mark or NULs among the first four bytes it guesses UTF-16 or
     * UTF-32 and then fails with an I/O error. Those are refused here, so the body is parsed once, as bytes.
     */
    private static void refuseOtherEncodings(byte[] b) {
        boolean bom16 = b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
                || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE));
        boolean nul = false;
        for (int i = 0; i < Math.min(4, b.length); i++) {
            nul |= b[i] == 0;
        }
        if (bom16 || nul) {
            throw new ApiException(400, "malformed_json", "the request body is not UTF-8 (it starts like UTF-16 or"
                    + " UTF-32); JSON bodies must be encoded in UTF-8");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A JSON node's kind for error messages. */
    public static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
