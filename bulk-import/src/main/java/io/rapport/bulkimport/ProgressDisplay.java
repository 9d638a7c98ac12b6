package io.rapport.bulkimport;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr, in bytes of the input (lines and rejections as the extra message), with rate and
 * ETA: a redrawn bar on a terminal, a plain line every few seconds otherwise (CI logs, pipes), or nothing.
 */
final class ProgressDisplay implements AutoCloseable {
    /** Where and how progress is shown. */
    enum Mode {
        /** A bar on a terminal, plain lines otherwise. */
        AUTO,
        BAR,
        PLAIN,
        OFF
    }

    private static final int PLAIN_INTERVAL_MILLIS = 5_000;

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    /** Starts showing progress over {@code totalBytes}, {@code doneBytes} of them done already (a resume). */
    static ProgressDisplay start(Mode mode, String task, long totalBytes, long doneBytes) {
        Mode effective = mode == Mode.AUTO ? (System.console() != null ? Mode.BAR : Mode.PLAIN) : mode;
        if (effective == Mode.OFF) {
            return new ProgressDisplay(null);
        }
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, totalBytes))
                // MB for real exports; KB keeps small files from showing 0/0
                .setUnit(totalBytes >= 10L << 20 ? " MB" : " KB", totalBytes >= 10L << 20 ? 1 << 20 : 1 << 10)
                .showSpeed()
                .startsFrom(doneBytes, Duration.ZERO);
        if (effective == Mode.PLAIN) {
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(PLAIN_INTERVAL_MILLIS)
                    .setConsumer(new DelegatingProgressBarConsumer(System.err::println, 100));
        } else {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK);
        }
        return new ProgressDisplay(builder.build());
    }

    /** Moves the display to {@code bytes} done. */
    void update(long bytes, long lines, long rejected) {
        if (bar != null) {
            bar.setExtraMessage(String.format(" %,d lines, %,d rejected", lines, rejected));
            bar.stepTo(bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
