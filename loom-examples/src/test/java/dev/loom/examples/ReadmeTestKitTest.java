package dev.loom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.examples.account.Account;
import dev.loom.examples.account.Account.AccountMsg;
import dev.loom.examples.account.Account.Balance;
import dev.loom.examples.account.Account.Deposit;
import dev.loom.examples.account.Account.Withdraw;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.testkit.HandlerTestKit;
import dev.loom.testkit.Step;
import dev.loom.testkit.TurnResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test-kit lines of the README's "Your own actors", run on the example actors they name. */
class ReadmeTestKitTest {
    private final PaymentGateway gateway = PaymentGateway.inMemory();
    private final HandlerTestKit<Balance, AccountMsg> accounts = HandlerTestKit.of(Account.type(gateway))
            .given(new Balance(10, 0));

    @Test
    void aCounterTurnReturnsTheNewState() {
        TurnResult.Committed<Counter.Count> turn = HandlerTestKit.of(Counter.type()).given(new Counter.Count(2))
                .when(new Counter.Increment(3)).committed();

        assertThat(turn.state()).isEqualTo(new Counter.Count(5));
        assertThat(turn.effects()).isEmpty();
    }

    @Test
    void aStubbedChargeDoesNotCallTheGateway() {
        TurnResult.Committed<Balance> turn = accounts.stubStep("charge", "ch_1").when(new Withdraw(5, "w-1")).committed();

        assertThat(gateway.calls()).isZero();
        assertThat(turn.reply()).contains(new Account.WithdrawResult(true, "ch_1", null));
        assertThat(turn.state()).isEqualTo(new Balance(5, 1));
    }

    @Test
    void aReRunWithdrawalReplaysTheRecordedCharge() {
        TurnResult.Committed<Balance> turn = accounts.recordedStep("charge", "ch_1").attempt(2)
                .when(new Withdraw(5, "w-1")).committed();

        assertThat(gateway.calls()).isZero();
        assertThat(turn.steps()).extracting(Step::source).containsExactly(Step.Source.REPLAYED);
    }

    @Test
    void aWithdrawalWhileThePaymentGatewayBreakerIsOpenIsPostponedWithoutCallingTheGateway() {
        TurnResult.Failed<Balance> turn = accounts.breakerOpen(Account.GATEWAY_BREAKER, Duration.ofSeconds(30))
                .when(new Withdraw(5, "w-1")).failed();

        assertThat(gateway.calls()).isZero();
        assertThat(turn.disposition()).isEqualTo(new TurnResult.Disposition.Postponed(Account.GATEWAY_BREAKER,
                Duration.ofSeconds(30)));
        assertThat(accounts.retrying(turn).when(new Withdraw(5, "w-1")).committed().state()).isEqualTo(new Balance(5, 1));
    }

    @Test
    void aRecordedChargeIsReplayedEvenWhileThePaymentGatewayBreakerIsOpen() {
        TurnResult.Committed<Balance> turn = accounts.breakerOpen(Account.GATEWAY_BREAKER, Duration.ofSeconds(30))
                .recordedStep("charge", "ch_1").attempt(2).when(new Withdraw(5, "w-1")).committed();

        assertThat(gateway.calls()).isZero();
        assertThat(turn.steps()).extracting(Step::source).containsExactly(Step.Source.REPLAYED);
    }

    @Test
    void aFailingDepositOnTheLastAttemptIsADeadLetter() {
        assertThat(accounts.attempt(5).when(new Deposit(-1)).failed().disposition())
                .isEqualTo(new TurnResult.Disposition.DeadLetter(5));
    }
}
