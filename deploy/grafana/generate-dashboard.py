#!/usr/bin/env python3
"""Writes the Grafana dashboard: deploy/grafana/dashboards/rapport.json and its k8s copy.

Edit the panels here, run `python3 deploy/grafana/generate-dashboard.py`, commit the script and
both JSON copies it writes.
Changes exported from Grafana belong here too, or the next run overwrites them.
"""
import json
import pathlib

DS = {"type": "prometheus", "uid": "${datasource}"}
SERVICES = 'service=~"(ingest|scoring|segmentation|alert)-service"'


def target(expr, legend, ref="A", fmt=None):
    t = {"datasource": DS, "expr": expr, "legendFormat": legend, "refId": ref}
    if fmt:
        t["format"] = fmt
    return t


def timeseries(title, description, targets, unit="short", stack=False):
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DS,
        "targets": targets,
        "fieldConfig": {
            "defaults": {
                "unit": unit,
                "custom": {
                    "drawStyle": "line",
                    "lineWidth": 1,
                    "fillOpacity": 20 if stack else 0,
                    "stacking": {"mode": "normal" if stack else "none", "group": "A"},
                },
            },
            "overrides": [],
        },
        "options": {
            "legend": {"displayMode": "table", "placement": "right", "calcs": ["lastNotNull", "max"]},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


PANELS = [
    # row 1: traffic in
    timeseries(
        "Events/s by type",
        "Accepted events per second at ingest, by event type (ingest.events{type,outcome}).",
        [target('sum by (type) (rate(ingest_events_total{outcome="accepted"}[$__rate_interval]))', "{{type}}")],
        unit="reqps",
        stack=True,
    ),
    timeseries(
        "Ingest outcomes/s",
        "Every submitted event by outcome: accepted, duplicate, rejected, not_written.",
        [target("sum by (outcome) (rate(ingest_events_total[$__rate_interval]))", "{{outcome}}")],
        unit="reqps",
    ),
    timeseries(
        "Scoring events/s",
        "Events applied by scoring-service (scoring.events).",
        [target("sum by (type, outcome) (rate(scoring_events_total[$__rate_interval]))", "{{type}} {{outcome}}")],
        unit="reqps",
    ),
    # row 2: health of the pipeline
    timeseries(
        "Consumer lag",
        "Records behind the end of the partition, worst partition per service and client "
        "(Micrometer Kafka binder: kafka_consumer_fetch_manager_records_lag_max).",
        [target(
            "max by (service, client_id) (kafka_consumer_fetch_manager_records_lag_max)",
            "{{service}} {{client_id}}",
        )],
    ),
    timeseries(
        "Dead letters/s",
        "Records sent to rapport.dlq.v1, by the service that gave up on them.",
        [target(
            'sum by (service) (rate(kafka_producer_topic_record_send_total{topic="rapport.dlq.v1"}[$__rate_interval]))',
            "{{service}}",
        )],
        unit="reqps",
    ),
    {
        "type": "stat",
        "title": "Services up",
        "description": "Scrape targets answering /q/metrics, per service (replicas up).",
        "datasource": DS,
        "targets": [target("sum by (service) (up{%s})" % SERVICES, "{{service}}")],
        "fieldConfig": {
            "defaults": {
                "unit": "short",
                "thresholds": {"mode": "absolute", "steps": [
                    {"color": "red", "value": None}, {"color": "green", "value": 1}]},
            },
            "overrides": [],
        },
        "options": {"colorMode": "background", "graphMode": "none", "reduceOptions": {"calcs": ["lastNotNull"]}},
    },
    # row 3: what the platform says about accounts
    {
        "type": "heatmap",
        "title": "Score distribution",
        "description": "Relationship-value scores (0-100) computed per interval (scoring.score distribution summary, "
        "published with histogram buckets).",
        "datasource": DS,
        "targets": [target(
            "sum by (le) (increase(scoring_score_bucket[$__rate_interval]))", "{{le}}", fmt="heatmap")],
        "options": {
            "calculate": False,
            "yAxis": {"unit": "short"},
            "cellGap": 1,
            "color": {"mode": "scheme", "scheme": "Spectral", "steps": 64},
            "tooltip": {"show": True, "yHistogram": True},
        },
        "fieldConfig": {"defaults": {}, "overrides": []},
    },
    timeseries(
        "Median and p90 score",
        "Quantiles of the scores computed in the interval.",
        [
            target("histogram_quantile(0.5, sum by (le) (rate(scoring_score_bucket[$__rate_interval])))", "p50"),
            target("histogram_quantile(0.9, sum by (le) (rate(scoring_score_bucket[$__rate_interval])))", "p90", "B"),
        ],
    ),
    timeseries(
        "Segment sizes",
        "Members per segment (segmentation.segment.size gauge; max over replicas, which all report the same count).",
        [target("max by (segment) (segmentation_segment_size)", "{{segment}}")],
    ),
    # row 4: alerts and notifications
    timeseries(
        "Alerts by topic",
        "Alerts fired per interval by topic (billing, support, growth, relationship ...): alert.alerts{topic,severity}.",
        [target("sum by (topic) (increase(alert_alerts_total[$__rate_interval]))", "{{topic}}")],
        stack=True,
    ),
    timeseries(
        "Notification outcomes",
        "Notification attempts by channel and outcome (alert.notifications{channel,outcome}).",
        [target(
            "sum by (channel, outcome) (rate(alert_notifications_total[$__rate_interval]))",
            "{{channel}} {{outcome}}",
        )],
        unit="reqps",
    ),
    timeseries(
        "Notification failures",
        "Failed attempts by channel (alert_notification_failures_total); the outbox retries them.",
        [target("sum by (channel) (increase(alert_notification_failures_total[$__rate_interval]))", "{{channel}}")],
    ),
]


def layout(panels):
    """Three panels per row, 8 columns wide and 8 high."""
    for i, p in enumerate(panels):
        p["id"] = i + 1
        p["gridPos"] = {"h": 8, "w": 8, "x": (i % 3) * 8, "y": (i // 3) * 8}
    return panels


dashboard = {
    "uid": "rapport-overview",
    "title": "Rapport overview",
    "description": "Rapport platform: events in, consumer lag, scores, segments, alerts and notifications.",
    "tags": ["rapport"],
    "timezone": "utc",
    "schemaVersion": 39,
    "version": 1,
    "editable": True,
    "graphTooltip": 1,
    "refresh": "30s",
    "time": {"from": "now-6h", "to": "now"},
    "annotations": {"list": []},
    "links": [],
    "templating": {"list": [{
        "name": "datasource",
        "label": "Data source",
        "type": "datasource",
        "query": "prometheus",
        "current": {"text": "Prometheus", "value": "prometheus"},
        "hide": 0,
        "refresh": 1,
        "regex": "",
        "options": [],
    }]},
    "panels": layout(PANELS),
}

# The same file twice: Compose mounts the first; Kustomize may only read files under k8s/, so the
# grafana-dashboard component ships a copy (deployment-tests checks that the two are identical).
root = pathlib.Path(__file__).resolve().parents[2]
text = json.dumps(dashboard, indent=2) + "\n"
for out in (root / "deploy/grafana/dashboards/rapport.json", root / "k8s/components/grafana-dashboard/rapport.json"):
    out.write_text(text)
    print(f"wrote {out.relative_to(root)}")
