package dev.loom.http;

/** Handles one matched, authorized request. */
@FunctionalInterface
public interface Endpoint {
    /**
     * @throws ApiException for an error response; any other exception is mapped by {@link ErrorMapper}
     */
    ApiResponse handle(Call call) throws Exception;
}
