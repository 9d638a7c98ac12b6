package io.rapport.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Rapport service running as a child JVM from its Quarkus fast-jar, with its log in a file. */
public final class ServiceProcess {
    private final String name;
    private final Path jar;
    private final int httpPort;
    private final Path logFile;
    private Process process;

    public ServiceProcess(String name, Path jar, int httpPort, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** How the service's JVM is tuned. */
    public enum Tuning {
        /** Serial GC and the C1 compiler only: ready fastest, as the local stack wants. */
        START_UP,
        /** The JVM's defaults (G1, both compilers), for throughput measurements next to references. */
        THROUGHPUT
    }

    public void start(Map<String, String> environment, String heap) {
        start(environment, heap, Tuning.START_UP);
    }

    public void start(Map<String, String> environment, String heap, Tuning tuning) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar
                    + " is missing. Run ./mvnw -B install -DskipTests first" + " (./local-stack does it for you).");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        if (tuning == Tuning.START_UP) {
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        // Lets the service stop itself if this launcher dies without running its shutdown hook.
        builder.environment()
                .put(
                        "RAPPORT_PARENT_PID",
                        String.valueOf(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** True once {@code /q/health/ready} answers 200 (UP). */
    public boolean ready(HttpClient http) {
        if (process == null || !process.isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM (Quarkus shuts down gracefully), then kill after the grace period. */
    public void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
