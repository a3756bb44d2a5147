package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    static final Endpoint NONE = call -> ApiResponse.text(200, "text/plain", "");
    final RouteTable table = new RouteTable(List.of(
            Route.get("/api/admin/dead-letters/{id}", Access.ADMIN, op("id"), NONE),
            Route.delete("/api/admin/dead-letters/{id}", Access.ADMIN, op("id"), NONE),
            Route.post("/api/admin/dead-letters/redrive", Access.ADMIN, op(), NONE),
            Route.get("/api/actors/{type}/{id}/state", Access.READ, op("type", "id"), NONE)));

    /** An operation with the path parameters {@code names}, answering an empty text. */
    static Operation op(String... names) {
        Operation.Builder b = Operation.of("test");
        for (String n : names) {
            b.param(Operation.Parameter.path(n, n, JsonSchema.string()));
        }
        return b.response(new Operation.Response(200, "empty", "text/plain", JsonSchema.string(), List.of())).build();
    }

    @Test
    void literalSegmentsWinAndParametersAreExtracted() {
        assertThat(table.resolve("POST", "/api/admin/dead-letters/redrive"))
                .isInstanceOfSatisfying(RouteTable.Matched.class, m -> assertThat(m.params()).isEmpty());
        assertThat(table.resolve("GET", "/api/actors/counter/c1/state"))
                .isInstanceOfSatisfying(RouteTable.Matched.class,
                        m -> assertThat(m.params()).isEqualTo(Map.of("type", "counter", "id", "c1")));
    }

    @Test
    void wrongMethodListsTheAllowedOnesAndUnknownPathsHaveNoRoute() {
        assertThat(table.resolve("PUT", "/api/admin/dead-letters/abc"))
                .isInstanceOfSatisfying(RouteTable.WrongMethod.class,
                        w -> assertThat(w.allowed()).containsExactly("DELETE", "GET"));
        assertThat(table.resolve("GET", "/api/actors/counter//state")).isInstanceOf(RouteTable.NoRoute.class);
        assertThat(table.resolve("GET", "/api/actors/counter/c1/state/x")).isInstanceOf(RouteTable.NoRoute.class);
    }

    @Test
    void pathsLongerThanEveryTemplateOrWithoutLeadingSlashHaveNoRoute() {
        assertThat(table.resolve("GET", "/api/actors/counter/c1/state/x/y/z/w")).isInstanceOf(RouteTable.NoRoute.class);
        assertThat(table.resolve("GET", "api/actors/counter/c1/state")).isInstanceOf(RouteTable.NoRoute.class);
        assertThat(table.resolve("GET", "/")).isInstanceOf(RouteTable.NoRoute.class);
    }
}
