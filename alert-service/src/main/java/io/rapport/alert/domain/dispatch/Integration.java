package io.rapport.alert.domain.dispatch;

/**
 * One integration of a receiver: a channel ({@code email}, {@code slack}, {@code webhook}) and
 * its position among the receiver's configs of that channel, e.g. {@code slack/0}.
 */
public record Integration(String receiver, String channel, int index, boolean sendResolved) {

    /** The key under which the notification log tracks this integration within a receiver. */
    public String key() {
        return channel + "/" + index;
    }
}
