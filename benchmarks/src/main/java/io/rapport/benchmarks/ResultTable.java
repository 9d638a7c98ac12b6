package io.rapport.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table of a benchmark's figures, printed as is so it can be pasted into a README. */
public final class ResultTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public ResultTable(String... headers) {
        this.headers = List.of(headers);
    }

    public ResultTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** The table in Markdown, columns padded to their widest cell. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        out.append('|');
        for (int width : widths) {
            out.append('-').append("-".repeat(width)).append("-|");
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            out.append(' ')
                    .append(String.format(Locale.ROOT, "%-" + widths[i] + "s", cells.get(i)))
                    .append(" |");
        }
        out.append('\n');
    }

    /** Events (or anything) per second with thousands separators, e.g. {@code 12,345}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** The machine's 1-minute load average and core count, e.g. {@code 1.52 on 2 cores}. */
    public static String load() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%.2f on %d cores", os.getSystemLoadAverage(), os.getAvailableProcessors());
    }
}
