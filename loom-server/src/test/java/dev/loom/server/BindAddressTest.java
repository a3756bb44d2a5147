package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loom.testing.TestServers;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which address the listener binds: loopback in development, every interface in production, or http.host. */
class BindAddressTest {
    @Test
    void aDevelopmentServerIsReachableOnLoopbackOnly(@TempDir Path dir) throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        try (LoomServer server = TestServers.sqlite(dir)) {
            assertThat(connects(InetAddress.getLoopbackAddress(), server.port())).isTrue();
            assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
            assertThat(connects(external.get(), server.port()))
                    .as("a development server is not reachable on %s", external.get()).isFalse();
        }
    }

    @Test
    void aProductionServerListensOnEveryInterface(@TempDir Path dir) throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        try (LoomServer server = TestServers.production(dir, Map.of())) {
            assertThat(connects(external.get(), server.port())).isTrue();
            assertThat(connects(InetAddress.getLoopbackAddress(), server.port())).isTrue();
        }
    }

    @Test
    void httpHostOverridesTheDevelopmentDefault(@TempDir Path dir) throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_HTTP_HOST", "0.0.0.0"))) {
            assertThat(connects(external.get(), server.port())).isTrue();
        }
    }

    @Test
    void aPortInUseStopsTheStartWithAMessageInsteadOfAServerWithoutAListener(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestServers.sqlite(dir, Map.of("LOOM_HTTP_PORT", Integer.toString(port))))
                    .isInstanceOf(ListenerException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": the port is already in use")
                    .hasMessageContaining("LOOM_HTTP_PORT");
        }
        try (LoomServer again = TestServers.sqlite(dir)) {
            assertThat(again.port()).as("the failed start released the store").isPositive();
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsNamedAsSuch(@TempDir Path dir) {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
        assertThatThrownBy(() -> TestServers.sqlite(dir, Map.of("LOOM_HTTP_HOST", "192.0.2.7")))
                .isInstanceOf(ListenerException.class)
                .hasMessageStartingWith("cannot listen on 192.0.2.7:0: the host is not an address of this machine")
                .hasMessageContaining("LOOM_HTTP_HOST");
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(BindAddressTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot read the state of interface " + i.getName(), e);
        }
    }
}
