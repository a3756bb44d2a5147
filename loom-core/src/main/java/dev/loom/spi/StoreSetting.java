package dev.loom.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One setting a {@link StoreProvider} takes. The configuration layer reads it from {@code loom.yaml} at
 * {@code store.<provider>.<name>} and from the environment variable derived from that path (for example
 * {@code store.postgres.poolSize} → {@code LOOM_STORE_POSTGRES_POOL_SIZE}), checks its {@link Type}, documents
 * it, and hands the typed value to the provider in {@link StoreSettings}.
 *
 * @param name         the key under {@code store.<provider>}: lower camel case ({@code file}, {@code poolSize})
 * @param type         what a valid value is; decides the Java class of the value in {@link StoreSettings}
 * @param defaultValue the default as shown to operators ({@code <dataDir>/loom.db}); empty when there is none.
 *                     Documentation only: the provider applies its own default when a setting is absent
 * @param description  one sentence for docs/CONFIGURATION.md and {@code validate-config}
 * @param secret       whether the value is a secret: it may be given as {@code file:/path} (resolved through
 *                     {@link StoreContext#secrets()}), is never logged, and the effective configuration shows
 *                     {@code ***} or the file's path instead
 */
public record StoreSetting(String name, Type type, String defaultValue, String description, boolean secret) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");

    public StoreSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a store setting name is lower camel case (letters and digits): " + name);
        }
        if (secret && !(type instanceof Type.Text)) {
            throw new IllegalArgumentException("secret store setting " + name + " must be of type text");
        }
    }

    /** A setting that is not secret. */
    public static StoreSetting of(String name, Type type, String defaultValue, String description) {
        return new StoreSetting(name, type, defaultValue, description, false);
    }

    /** A secret text setting ({@code file:/path} or the value itself). */
    public static StoreSetting secret(String name, String description) {
        return new StoreSetting(name, new Type.Text(), "", description, true);
    }

    /**
     * The kinds of value a store setting can have. Each maps to one Java class in {@link StoreSettings}, so a
     * provider reads values without parsing them.
     */
    public sealed interface Type {
        /** What a valid value looks like, for error messages ("an integer from 1 to 100"). */
        String expected();

        /** The class of the value in {@link StoreSettings}. */
        Class<?> valueClass();

        /** Whether {@code value} (of {@link #valueClass()}) is within this type's bounds. */
        boolean accepts(Object value);

        /** A non-empty string. */
        record Text() implements Type {
            @Override
            public String expected() {
                return "a non-empty string";
            }

            @Override
            public Class<?> valueClass() {
                return String.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof String s && !s.isBlank();
            }
        }

        /** An {@link Integer} in {@code [min, max]}. */
        record Int(int min, int max) implements Type {
            public Int {
                if (min > max) {
                    throw new IllegalArgumentException("min " + min + " > max " + max);
                }
            }

            @Override
            public String expected() {
                return "an integer from " + min + " to " + max;
            }

            @Override
            public Class<?> valueClass() {
                return Integer.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof Integer i && i >= min && i <= max;
            }
        }

        /** A {@link Boolean}. */
        record Bool() implements Type {
            @Override
            public String expected() {
                return "true or false";
            }

            @Override
            public Class<?> valueClass() {
                return Boolean.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof Boolean;
            }
        }

        /** A file system {@link Path}; relative paths are relative to the working directory. */
        record FilePath() implements Type {
            @Override
            public String expected() {
                return "a file system path";
            }

            @Override
            public Class<?> valueClass() {
                return Path.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof Path;
            }
        }

        /** One of a fixed set of lower-case words, given in any case and handed over in lower case. */
        record Choice(List<String> values) implements Type {
            public Choice {
                values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("a choice needs at least one value");
                }
            }

            @Override
            public String expected() {
                return "one of " + String.join(", ", values);
            }

            @Override
            public Class<?> valueClass() {
                return String.class;
            }

            @Override
            public boolean accepts(Object value) {
                return value instanceof String s && values.contains(s);
            }
        }
    }
}
