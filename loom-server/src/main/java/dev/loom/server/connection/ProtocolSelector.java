package dev.loom.server.connection;

import dev.loom.metrics.HttpMetrics;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.common.buffers.BufferData;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The listener's connection selector: it claims every connection and picks the handler from the first request
 * line. Helidon 4.5 refuses HTTP/1.0 outright (505, or a closed socket when it is the first request), although
 * load-balancer health checks (HAProxy's {@code option httpchk}, many appliances) still speak it; such connections
 * get an {@link Http10Connection}. Everything else, including request lines that are not HTTP at all, gets
 * Helidon's HTTP/1.1 connection, which answers malformed input with a 400.
 */
public final class ProtocolSelector implements ServerConnectionSelector {
    private static final String HTTP_1_0 = " HTTP/1.0";
    private final Http1ConnectionSelector http11;
    private final Http1ConnectionSelector http10Requests;
    private final int maxPrologueLength;
    private final HttpMetrics metrics;

    /** A selector using Helidon's default HTTP/1.1 settings, counting refused HTTP/1.0 requests in {@code metrics}. */
    public ProtocolSelector(HttpMetrics metrics) {
        this.metrics = metrics;
        Http1Config config = Http1Config.create();
        this.http11 = Http1ConnectionSelector.builder().config(config).build();
        // HTTP/1.0 keeps a connection open only when the response says "Connection: keep-alive".
        this.http10Requests = Http1ConnectionSelector.builder()
                .config(Http1Config.builder().from(config).sendKeepAliveHeader(true).build()).build();
        this.maxPrologueLength = config.maxPrologueLength();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("http/1.1");
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (beginsWithHttp10(ctx.dataReader())) {
            return new Http10Connection(ctx, http10Requests, maxPrologueLength, metrics);
        }
        return http11.connection(ctx);
    }

    /** Looks at the first request line without consuming it. */
    private boolean beginsWithHttp10(DataReader reader) {
        int eol;
        try {
            eol = reader.findNewLine(maxPrologueLength);
        } catch (DataReader.IncorrectNewLineException | DataReader.InsufficientDataAvailableException e) {
            // Not a well-formed line: Helidon's HTTP/1.1 connection reads it again and answers (400) or closes.
            return false;
        }
        if (eol >= maxPrologueLength) {
            return false;
        }
        return reader.getBuffer(eol).readString(eol, StandardCharsets.US_ASCII).endsWith(HTTP_1_0);
    }
}
