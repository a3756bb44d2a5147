package dev.loom.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Actor references and types reject malformed definitions with messages that say what is wrong. */
class ActorDefinitionTest {
    sealed interface Msg permits A, B, Nested {
    }

    record A(int x) implements Msg {
    }

    record B() implements Msg {
    }

    sealed interface Nested extends Msg permits C {
    }

    record C(String s) implements Nested {
    }

    record State(int n) {
    }

    @Test
    void referencesValidateTypeAndId() {
        assertThat(ActorRef.parse("counter/c-1").id()).isEqualTo("c-1");
        assertThat(ActorRef.of("order.v2", "tenant:42@eu").toString()).isEqualTo("order.v2/tenant:42@eu");
        assertThatThrownBy(() -> ActorRef.of("Counter", "x")).isInstanceOf(InvalidActorRefException.class)
                .hasMessageContaining("actor type 'Counter'");
        assertThatThrownBy(() -> ActorRef.of("counter", "has space")).hasMessageContaining("actor id");
        assertThatThrownBy(() -> ActorRef.of("counter", "")).hasMessageContaining("actor id");
        assertThatThrownBy(() -> ActorRef.of("counter", "x".repeat(201))).hasMessageContaining("1-200");
        assertThatThrownBy(() -> ActorRef.parse("no-slash")).hasMessageContaining("type/id");
    }

    @Test
    void messageTypesAreThePermittedRecordsByName() {
        ActorType<State, Msg> t = ActorType.builder("t", State.class, Msg.class).initialState(new State(0))
                .handler((ctx, s, m) -> s).build();
        assertThat(t.messageTypes().keySet()).containsExactly("A", "B", "C");
        assertThat(t.messageTypeName(new C("x"))).contains("C");
        assertThat(t.messageTypeName("not a message")).isEmpty();
        assertThat(t.snapshotEvery()).isEqualTo(1000);
        assertThat(t.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void incompleteTypesAreRefused() {
        assertThatThrownBy(() -> ActorType.builder("t", State.class, Msg.class).handler((c, s, m) -> s).build())
                .hasMessageContaining("initialState");
        assertThatThrownBy(() -> ActorType.builder("t", State.class, Msg.class).initialState(new State(0)).build())
                .hasMessageContaining("handler");
        assertThatThrownBy(() -> ActorType.builder("t", State.class, Runnable.class).initialState(new State(0))
                .handler((c, s, m) -> s).build()).hasMessageContaining("sealed");
        assertThatThrownBy(() -> ActorType.builder("Bad Name", State.class, Msg.class))
                .isInstanceOf(InvalidActorRefException.class);
    }
}
