package io.rapport.scoring.domain.clv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the CDNOW test resources (see src/test/resources/cdnow/README.md). */
final class CdnowData {

    /** One row of the published summary: ID, x, t_x, T (weeks), zbar. */
    record Row(int id, RepeatPurchaseSummary summary) {}

    private CdnowData() {}

    static List<Row> summaries() {
        List<Row> rows = new ArrayList<>();
        List<String> lines = lines("/cdnow/cdnow_customers_summary_with_transactions.csv");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(new Row(
                    Integer.parseInt(f[0]),
                    new RepeatPurchaseSummary(
                            Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3]),
                            Double.parseDouble(f[4]))));
        }
        return rows;
    }

    /** Raw purchases by customer (sample_id, which is the summary's ID). */
    static Map<Integer, List<Purchase>> rawPurchases() {
        Map<Integer, List<Purchase>> byCustomer = new TreeMap<>();
        for (String line : lines("/cdnow/CDNOW_sample.txt")) {
            String[] f = line.trim().split("\\s+");
            LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
            byCustomer
                    .computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                    .add(Purchase.on(day, new BigDecimal(f[4])));
        }
        return byCustomer;
    }

    private static List<String> lines(String resource) {
        InputStream in = CdnowData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            // readLine strips the CRLF terminators of the raw file.
            return reader.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
