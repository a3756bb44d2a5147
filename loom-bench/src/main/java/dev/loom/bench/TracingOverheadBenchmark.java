package dev.loom.bench;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomBuilder;
import dev.loom.store.memory.InMemoryStore;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tracing costs a turn: client sends of {@value #BATCH} messages to 100 actors on the in-memory store, each
 * handled and committed, with tracing {@code off} (the default {@code OpenTelemetry.noop()}), with the SDK recording
 * every span into a batch processor whose exporter drops them ({@code sdk}), and with the SDK sampling nothing
 * ({@code sdk-unsampled}). Time per message, so the difference between the modes is the tracing cost of one
 * send + turn (+ commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class TracingOverheadBenchmark {
    static final int BATCH = 2000;
    private static final int ACTORS = 100;

    @Param({"off", "sdk", "sdk-unsampled"})
    public String tracing;

    /** Counts the state of one bench actor. */
    public record Count(long n) {
    }

    /** One message. */
    public record Hit() {
    }

    private static volatile CountDownLatch pending;

    private Loom loom;
    private SdkTracerProvider provider;
    private final ActorRef[] refs = new ActorRef[ACTORS];

    @Setup(Level.Trial)
    public void start() {
        ActorType<Count, Hit> type = ActorType.builder("hits", Count.class, Hit.class).initialState(new Count(0))
                .handler((ctx, s, m) -> {
                    pending.countDown();
                    return new Count(s.n() + 1);
                }).build();
        LoomBuilder b = Loom.builder().store(new InMemoryStore(16)).actor(type).drainTimeout(Duration.ofSeconds(5));
        if (!tracing.equals("off")) {
            provider = SdkTracerProvider.builder()
                    .setSampler(tracing.equals("sdk") ? Sampler.alwaysOn() : Sampler.alwaysOff())
                    .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).setMaxQueueSize(1 << 16).build()).build();
            b.openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
        }
        loom = b.build().start();
        for (int i = 0; i < ACTORS; i++) {
            refs[i] = ActorRef.of("hits", "h" + i);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        loom.shutdown(Duration.ofSeconds(5));
        if (provider != null) {
            provider.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sendAndHandle() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(BATCH);
        pending = latch;
        for (int i = 0; i < BATCH; i++) {
            loom.send(refs[i % ACTORS], new Hit());
        }
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("turns did not finish: " + latch.getCount() + " left");
        }
    }

    /** Accepts every batch and keeps nothing: the cost measured is recording spans, not shipping them. */
    static final class DroppingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
