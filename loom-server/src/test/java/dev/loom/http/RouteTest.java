package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.http.body.JsonBody;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route's endpoint reads only what its operation declares, and an operation declares its path's parameters. */
class RouteTest {
    static final Operation.Response OK = new Operation.Response(200, "ok", "text/plain", JsonSchema.string(), List.of());

    static Call call(Map<String, String> query, Map<String, String> headers) {
        return new Call(Map.of(), query, name -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst(),
                new JsonBody(InputStream::nullInputStream, 0, 1024), Caller.ANONYMOUS);
    }

    @Test
    void anEndpointCannotReadAQueryParameterOrHeaderItsOperationDoesNotDeclare() throws Exception {
        Operation op = Operation.of("test").query("limit", "at most", JsonSchema.integer())
                .param(Operation.Parameter.header("Idempotency-Key", "key", JsonSchema.string())).response(OK).build();
        Route declared = Route.get("/x", Access.PUBLIC, op, c -> ApiResponse.text(200, "text/plain",
                c.query("limit").orElse("-") + " " + c.header("idempotency-key").orElse("-")));
        assertThat(new String(declared.endpoint().handle(call(Map.of("limit", "5"), Map.of("Idempotency-Key", "k")))
                .body())).isEqualTo("5 k");

        Route undeclaredQuery = Route.get("/x", Access.PUBLIC, op, c -> ApiResponse.text(200, "text/plain",
                c.query("after").orElse("-")));
        assertThatThrownBy(() -> undeclaredQuery.endpoint().handle(call(Map.of(), Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'after'");
        Route undeclaredHeader = Route.get("/x", Access.PUBLIC, op, c -> ApiResponse.text(200, "text/plain",
                c.header("traceparent").orElse("-")));
        assertThatThrownBy(() -> undeclaredHeader.endpoint().handle(call(Map.of(), Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'traceparent'");
        // A route built from another route's endpoint restricts the original handler once, not twice.
        assertThat(new Route("GET", declared.template(), Access.PUBLIC, op, declared.endpoint()).endpoint())
                .isEqualTo(declared.endpoint());
    }

    @Test
    void anOperationMustDeclareExactlyItsPathParametersAndGetsNoBody() {
        Operation none = Operation.of("test").response(OK).build();
        assertThatThrownBy(() -> Route.get("/x/{id}", Access.PUBLIC, none, c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[id]");
        Operation withBody = Operation.of("test").jsonBody(JsonSchema.object().build()).response(OK).build();
        assertThatThrownBy(() -> Route.get("/x", Access.PUBLIC, withBody, c -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request body");
    }

    @Test
    void impliedErrorsFollowAccessRateLimitAndBody() {
        Operation json = Operation.of("test").jsonBody(JsonSchema.object().build()).response(OK).build();
        Operation plain = Operation.of("test").response(OK).build();
        assertThat(Route.post("/api/x", Access.WRITE, json, c -> null).errors()).containsExactly(
                ErrorStatus.BAD_REQUEST, ErrorStatus.UNAUTHORIZED, ErrorStatus.FORBIDDEN,
                ErrorStatus.PAYLOAD_TOO_LARGE, ErrorStatus.RATE_LIMITED);
        assertThat(Route.get("/api/actor-types", Access.READ, plain, c -> null).errors())
                .containsExactly(ErrorStatus.UNAUTHORIZED, ErrorStatus.RATE_LIMITED);
        assertThat(Route.get("/health", Access.PUBLIC, plain, c -> null).errors()).isEmpty();
    }
}
