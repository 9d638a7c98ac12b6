package io.rapport.alert.domain.dispatch;

import io.rapport.alert.domain.notify.AlertNotice;

/**
 * An alert's latest state inside an aggregation group. A retired alert is a resolved one whose
 * resolution has been flushed: it is no longer notified and stays only so that a redelivered older
 * notice of it is recognised as stale.
 */
public record GroupedAlert(AlertNotice alert, boolean retired) {

    /** The version of the alert: its id, status and last change, which identify a notice. */
    public String version() {
        return alert.alertId() + ":" + alert.status() + ":" + alert.updatedAt().toEpochMilli();
    }

    public boolean firing() {
        return alert.status() == AlertNotice.Status.FIRING;
    }
}
