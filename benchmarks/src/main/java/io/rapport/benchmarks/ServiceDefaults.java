package io.rapport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged service's {@code application.properties}, read from its Quarkus fast-jar, with {@code
 * ${ENV:default}} resolved the way the child JVM will resolve it: so a reference run uses exactly the
 * settings the service under test runs with, instead of a copy that could drift.
 */
public final class ServiceDefaults {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    private final String module;
    private final Properties properties;
    private final Map<String, String> environment;

    private ServiceDefaults(String module, Properties properties, Map<String, String> environment) {
        this.module = module;
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Reads {@code <module>/target/quarkus-app/app/<module>-*.jar!/application.properties}.
     *
     * @param extraEnvironment the variables the benchmark passes to the child JVM on top of its own environment
     */
    public static ServiceDefaults of(String module, Map<String, String> extraEnvironment) {
        Path appDir = Path.of(module, "target", "quarkus-app", "app").toAbsolutePath();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(appDir, module + "-*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entry = file.getJarEntry("application.properties");
                    if (entry == null) {
                        continue;
                    }
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    return new ServiceDefaults(module, properties, extraEnvironment);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(module + " is not built (" + appDir + "): " + e.getMessage(), e);
        }
        throw new IllegalStateException(module + " is not built: no application.properties under " + appDir);
    }

    /** The value of {@code key} as the service will see it; fails naming the key when it has none. */
    public String get(String key) {
        String raw = properties.getProperty(key);
        if (raw == null) {
            throw new IllegalStateException(module + "'s application.properties has no " + key);
        }
        Matcher m = EXPRESSION.matcher(raw.trim());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.getOrDefault(m.group(1), System.getenv(m.group(1)));
            if (value == null) {
                value = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }
}
