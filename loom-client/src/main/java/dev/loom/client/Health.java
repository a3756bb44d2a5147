package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /health}, which the server gives with 200 (healthy or degraded) or 503 (unhealthy).
 *
 * @param httpStatus 200 or 503
 * @param status     {@code healthy}, {@code degraded} or {@code unhealthy}
 * @param report     the whole report as sent: {@code status}, {@code timestamp}, {@code uptime}, {@code version} and
 *                   {@code checks} (store, partitions, breakers, lifecycle), whose details grow with the server
 */
public record Health(int httpStatus, String status, JsonNode report) {
    /** {@code true} only for a 200 that says {@code healthy}. */
    public boolean healthy() {
        return httpStatus == 200 && "healthy".equals(status);
    }
}
