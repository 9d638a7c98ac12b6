package io.rapport.localstack.infra;

/** A port the local stack wants is already taken; the message names it and how to choose another. */
public final class PortInUseException extends RuntimeException {
    private final int port;

    public PortInUseException(String what, int port, String option) {
        super("Port " + port + " (" + what + ") is already in use by another process. Stop that process or choose"
                + " another port with " + option + ".");
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}
