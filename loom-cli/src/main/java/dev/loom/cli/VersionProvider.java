package dev.loom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code loom-version.properties} at build time. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/loom-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("loom-version.properties is missing from the CLI's resources: the build is broken");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {"loom " + p.getProperty("version"), "Java " + Runtime.version()};
    }
}
