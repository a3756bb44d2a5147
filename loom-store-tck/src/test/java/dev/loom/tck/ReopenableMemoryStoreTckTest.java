package dev.loom.tck;

import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import dev.loom.store.memory.InMemoryStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the TCK's reopen and shared-handle tests against a correct implementation, so that they are known to
 * pass when the store is right: each "store" is a closable view over one shared {@link InMemoryStore}, and
 * reopening (or opening a second handle) gives a new view over the same data.
 */
class ReopenableMemoryStoreTckTest extends StoreTck {
    private static final Set<String> SUB_STORES =
            Set.of("messages", "timers", "journal", "snapshots", "idempotency", "deadLetters", "leases", "backup");

    private final Map<Store, InMemoryStore> dataOf = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    protected Store newStore(int partitions) {
        return view(new InMemoryStore(partitions));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(TckCapability.DURABLE, TckCapability.SHARED_HANDLES);
    }

    @Override
    protected Store reopen(Store closed) {
        return view(dataOf.get(closed));
    }

    @Override
    protected Store openShared(Store open) {
        return view(dataOf.get(open));
    }

    private Store view(InMemoryStore data) {
        AtomicBoolean closed = new AtomicBoolean();
        Store view = (Store) proxy(Store.class, data, closed);
        dataOf.put(view, data);
        return view;
    }

    private static Object proxy(Class<?> type, Object target, AtomicBoolean closed) {
        InvocationHandler handler = (self, method, args) -> {
            String name = method.getName();
            if (name.equals("close")) {
                closed.set(true);
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "view of " + target;
                };
            }
            if (closed.get()) {
                throw new StoreException("store is closed");
            }
            try {
                Object result = method.invoke(target, args);
                return SUB_STORES.contains(name) ? proxy(method.getReturnType(), result, closed) : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
