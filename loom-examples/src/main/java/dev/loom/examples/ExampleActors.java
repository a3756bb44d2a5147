package dev.loom.examples;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.examples.account.Account;
import dev.loom.examples.approval.Approvers;
import dev.loom.examples.approval.Expenses;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.documents.Documents;
import dev.loom.examples.documents.PageReader;
import dev.loom.examples.email.EmailSender;
import dev.loom.examples.email.EmailTransport;
import dev.loom.examples.fulfilment.Inventory;
import dev.loom.examples.fulfilment.Payments;
import dev.loom.examples.fulfilment.Shipping;
import dev.loom.examples.order.Order;
import dev.loom.examples.reminder.Reminder;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers the example actors ({@code counter}, {@code account}, {@code email-sender}, {@code reminder},
 * {@code order}, and those the {@link ExamplePipelines example pipelines} call: {@code inventory},
 * {@code payments}, {@code shipping}, {@code page-reader}, {@code documents}, {@code expenses},
 * {@code approvers}) for {@code Loom.builder().discoverActors()}. The components they use are process-wide and configured by
 * environment variables (or system properties of the same name in lower case with dots):
 * <ul>
 * <li>{@code LOOM_EXAMPLES_LEDGER} ({@code loom.examples.ledger}): payment gateway ledger file; in memory when unset</li>
 * <li>{@code LOOM_EXAMPLES_EMAIL_FAILURE_RATE} ({@code loom.examples.email.failure.rate}): share of emails that
 *     fail, 0.0 to 1.0; default 0.1</li>
 * </ul>
 */
public final class ExampleActors implements ActorTypeProvider {
    private static PaymentGateway gateway;
    private static EmailTransport transport;

    /** The process-wide payment gateway of the {@code account} and {@code payments} examples. */
    public static synchronized PaymentGateway gateway() {
        if (gateway == null) {
            String ledger = setting("LOOM_EXAMPLES_LEDGER", "loom.examples.ledger");
            gateway = ledger == null ? PaymentGateway.inMemory() : PaymentGateway.withLedger(Path.of(ledger));
        }
        return gateway;
    }

    /** The process-wide mail transport of the {@code email-sender} example. */
    public static synchronized EmailTransport transport() {
        if (transport == null) {
            String rate = setting("LOOM_EXAMPLES_EMAIL_FAILURE_RATE", "loom.examples.email.failure.rate");
            try {
                transport = new EmailTransport(rate == null ? 0.1 : Double.parseDouble(rate));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("LOOM_EXAMPLES_EMAIL_FAILURE_RATE must be a number from 0 to 1, got '"
                        + rate + "'", e);
            }
        }
        return transport;
    }

    /** The example types bound to the given components. */
    public static List<ActorType<?, ?>> types(PaymentGateway gateway, EmailTransport transport) {
        return List.of(Counter.type(), Account.type(gateway), EmailSender.type(transport), Reminder.type(), Order.type(),
                Inventory.type(), Payments.type(gateway), Shipping.type(), PageReader.type(), Documents.type(),
                Expenses.type(), Approvers.type());
    }

    @Override
    public List<ActorType<?, ?>> actorTypes() {
        return types(gateway(), transport());
    }

    private static String setting(String env, String property) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
