package io.rapport.benchmarks.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving end of alert-service's webhook, in the benchmark JVM: records when the first firing
 * notification of each account's alert of one rule arrived ({@link System#nanoTime()}, the clock the
 * sender uses), and answers 200 at once.
 */
final class WebhookReceiver implements AutoCloseable {
    private final String rule;
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong posts = new AtomicLong();
    private HttpServer server;
    private ExecutorService threads;

    /** @param rule the {@code rule} label of the alerts to record; others (e.g. time-based rules) are ignored */
    WebhookReceiver(String rule) {
        this.rule = rule;
    }

    WebhookReceiver start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            try {
                JsonNode notification = RapportJson.mapper().readTree(body);
                for (JsonNode alert : notification.path("alerts")) {
                    JsonNode labels = alert.path("labels");
                    if ("firing".equals(alert.path("status").asText())
                            && rule.equals(labels.path("rule").asText())) {
                        firstArrival.putIfAbsent(alert.path("accountId").asText(), arrived);
                    }
                }
            } catch (IOException e) {
                System.err.println("webhook receiver: unreadable notification: " + e.getMessage());
            }
            exchange.sendResponseHeaders(200, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        });
        server.start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** When the first firing notification for {@code account} arrived, or null. */
    Long arrival(String account) {
        return firstArrival.get(account);
    }

    /** Accounts notified so far. */
    int notifiedAccounts() {
        return firstArrival.size();
    }

    /** Webhook posts received, of any rule and status. */
    long posts() {
        return posts.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
