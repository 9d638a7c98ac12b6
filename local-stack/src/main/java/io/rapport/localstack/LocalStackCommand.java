package io.rapport.localstack;

import io.rapport.common.kafka.Topics;
import io.rapport.localstack.infra.EmbeddedKafkaBroker;
import io.rapport.localstack.infra.EmbeddedMongoServer;
import io.rapport.localstack.infra.PortInUseException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole Rapport stack on one machine: a real Kafka broker (KRaft) and a MongoDB-wire server with
 * file persistence in this JVM, the four services as child JVMs, and optionally demo data. Ctrl-C
 * stops the services first, then the store and the broker, so nothing is left running or half-written.
 */
@Command(
        name = "local-stack",
        mixinStandardHelpOptions = true,
        description = "Runs Kafka, MongoDB and the four Rapport services locally; Ctrl-C stops everything.")
public final class LocalStackCommand implements Callable<Integer> {
    static final List<String> SERVICES =
            List.of("ingest-service", "scoring-service", "segmentation-service", "alert-service");

    @Option(
            names = "--kafka-port",
            defaultValue = "${env:KAFKA_PORT:-9092}",
            description = "Kafka client port (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--kafka-controller-port",
            defaultValue = "9093",
            description = "Kafka KRaft controller port (default ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(
            names = "--mongo-port",
            defaultValue = "${env:MONGO_PORT:-27017}",
            description = "MongoDB-wire port (default ${DEFAULT-VALUE}).")
    int mongoPort;

    @Option(
            names = "--http-port",
            defaultValue = "8081",
            description = "HTTP port of ingest-service; the others follow (default ${DEFAULT-VALUE}).")
    int firstHttpPort;

    @Option(
            names = "--data-dir",
            defaultValue = ".local-stack",
            description = "Where Kafka logs, the MongoDB file and service logs live (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--project-dir",
            defaultValue = ".",
            description = "The Rapport checkout holding the built services (default: the current directory).")
    Path projectDir;

    @Option(
            names = "--catcher-port",
            defaultValue = "8089",
            description = "Port of the Slack/webhook stand-in (default ${DEFAULT-VALUE}).")
    int catcherPort;

    @Option(
            names = "--smtp-port",
            defaultValue = "1025",
            description = "Port of the SMTP stand-in (default ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--seed-demo",
            description = "Send demo data for --accounts accounts through the ingest API once the stack is ready.")
    boolean seedDemo;

    @Option(
            names = "--accounts",
            defaultValue = "300",
            description = "Accounts in the demo data (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
            names = "--service-heap",
            defaultValue = "256m",
            description = "Maximum heap of each service JVM (default ${DEFAULT-VALUE}).")
    String serviceHeap;

    @Option(
            names = "--ready-timeout",
            defaultValue = "PT120S",
            description = "How long to wait for every service to be ready (default ${DEFAULT-VALUE}).")
    Duration readyTimeout;

    @Option(
            names = "--exit-when-ready",
            description = "Stop everything once the stack is ready (and seeded): a smoke test.")
    boolean exitWhenReady;

    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedMongoServer mongo;
    private NotificationCatcher catcher;
    private String adminKey;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalStackCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "local-stack-shutdown"));
        try {
            startInfrastructure();
            startServices();
            awaitReady();
        } catch (PortInUseException | IllegalStateException e) {
            System.err.println("local-stack: " + e.getMessage());
            return 2;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        printSummary(startup);
        if (seedDemo) {
            new DemoSeeder(services.get(0).baseUrl(), adminKey).seed(accounts);
        }
        if (exitWhenReady) {
            return 0;
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private void startInfrastructure() {
        Path data = dataDir.toAbsolutePath();
        adminKey = LocalAdminKey.loadOrCreate(data.resolve("admin-key"));
        broker = new EmbeddedKafkaBroker(kafkaPort, kafkaControllerPort, data.resolve("kafka"));
        mongo = new EmbeddedMongoServer(mongoPort, data.resolve("mongo").resolve("rapport.mv"));
        mongo.start();
        System.out.printf("MongoDB-wire server  %s  (data: %s)%n", mongo.connectionString(), data.resolve("mongo"));
        broker.start(Duration.ofSeconds(60));
        broker.createTopics(Topics.ALL, partitions);
        System.out.printf("Kafka broker (KRaft) %s  (data: %s)%n", broker.bootstrapServers(), data.resolve("kafka"));
        catcher = new NotificationCatcher(data.resolve("notifications"), catcherPort, smtpPort).start();
        System.out.println("Notification catcher " + catcher.describe());
    }

    private void startServices() {
        Path root = projectDir.toAbsolutePath().normalize();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "MONGODB_URI", mongo.connectionString(),
                "KAFKA_PARTITIONS", String.valueOf(partitions),
                "RAPPORT_BOOTSTRAP_ADMIN_KEY", adminKey);
        int port = firstHttpPort;
        for (String name : SERVICES) {
            ServiceProcess service = new ServiceProcess(
                    name,
                    root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"),
                    port++,
                    dataDir.toAbsolutePath().resolve("logs").resolve(name + ".log"));
            Map<String, String> serviceEnv = new java.util.HashMap<>(env);
            if (name.equals("alert-service")) {
                serviceEnv.putAll(catcher.alertServiceEnvironment());
            }
            service.start(serviceEnv, serviceHeap);
            services.add(service);
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.alive()) {
                    throw new IllegalStateException(
                            service.name() + " exited during start-up; see " + service.logFile());
                }
                if (service.ready(http)) {
                    pending.remove(service);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready after " + readyTimeout + ": "
                        + pending.stream()
                                .map(s -> s.name() + " (log: " + s.logFile() + ")")
                                .toList());
            }
            Thread.sleep(250);
        }
    }

    private void printSummary(Duration startup) {
        System.out.println();
        System.out.printf("Rapport is ready in %.1f s%n", startup.toMillis() / 1000.0);
        for (ServiceProcess service : services) {
            System.out.printf(
                    "  %-22s %s   swagger: %s/q/swagger-ui   log: %s%n",
                    service.name(), service.baseUrl(), service.baseUrl(), service.logFile());
        }
        System.out.printf("  %-22s %s%n", "Kafka", broker.bootstrapServers());
        System.out.printf("  %-22s %s%n", "MongoDB", mongo.connectionString());
        System.out.printf(
                "  %-22s %s  (admin API key of this stack, also in %s)%n",
                "API key", adminKey, dataDir.toAbsolutePath().resolve("admin-key"));
        System.out.printf(
                "  try: curl -H 'Authorization: Bearer %s' %s/v1/segments%n",
                adminKey, services.get(2).baseUrl());
    }

    private synchronized void shutdown() {
        if (services.isEmpty() && broker == null && mongo == null && catcher == null) {
            stopped.countDown();
            return;
        }
        System.out.println("Stopping Rapport...");
        // Services first, so they commit offsets and finish writes while Kafka and MongoDB are still up.
        services.parallelStream().forEach(s -> s.stop(Duration.ofSeconds(20)));
        services.clear();
        if (catcher != null) {
            catcher.close();
            catcher = null;
        }
        if (mongo != null) {
            mongo.close();
            mongo = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        System.out.println("Stopped.");
        stopped.countDown();
    }
}
