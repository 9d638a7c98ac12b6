package io.rapport.ingest.domain;

/** Why one event of a request was refused: its position, the field and the reason. */
public record Rejection(int index, String field, String reason) {}
