package io.rapport.alert.domain.alert;

import java.util.List;

/** One page of alerts and how many match in all. */
public record AlertPage(List<Alert> items, long total, int page, int size) {}
