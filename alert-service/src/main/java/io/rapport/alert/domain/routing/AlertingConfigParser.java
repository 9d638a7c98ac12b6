package io.rapport.alert.domain.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rapport.alert.domain.inhibit.InhibitRule;
import io.rapport.alert.domain.timeinterval.InclusiveRange;
import io.rapport.alert.domain.timeinterval.TimeInterval;
import io.rapport.alert.domain.timeinterval.TimeIntervals;
import io.rapport.alert.domain.timeinterval.TimeRange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Parses and validates an Alertmanager-style YAML configuration into an {@link AlertingConfig}.
 * Every error is an {@link AlertingConfigException} whose message starts with the YAML path, e.g.
 * {@code route.routes[2].matchers[0]: 3:4: ~: invalid input}. Scalars may hold {@code ${VAR}} or
 * {@code ${VAR:-default}} placeholders, expanded from the injected environment.
 */
public final class AlertingConfigParser {

    private static final Set<String> TOP_KEYS = Set.of(
            "global", "route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals", "templates");
    private static final Set<String> GLOBAL_KEYS = Set.of(
            "resolve_timeout",
            "smtp_from",
            "smtp_hello",
            "smtp_smarthost",
            "smtp_auth_username",
            "smtp_auth_password",
            "smtp_auth_password_file",
            "smtp_auth_identity",
            "smtp_require_tls",
            "slack_api_url",
            "slack_api_url_file");
    private static final Set<String> ROUTE_KEYS = Set.of(
            "receiver",
            "group_by",
            "continue",
            "match",
            "match_re",
            "matchers",
            "mute_time_intervals",
            "active_time_intervals",
            "group_wait",
            "group_interval",
            "repeat_interval",
            "routes");
    private static final Set<String> RECEIVER_KEYS =
            Set.of("name", "email_configs", "slack_configs", "webhook_configs");
    private static final Set<String> UNSUPPORTED_RECEIVER_KEYS = Set.of(
            "pagerduty_configs",
            "opsgenie_configs",
            "victorops_configs",
            "pushover_configs",
            "wechat_configs",
            "sns_configs",
            "telegram_configs",
            "webex_configs",
            "discord_configs",
            "msteams_configs",
            "msteamsv2_configs",
            "jira_configs",
            "rocketchat_configs");
    private static final Set<String> EMAIL_KEYS = Set.of(
            "send_resolved",
            "to",
            "from",
            "hello",
            "smarthost",
            "auth_username",
            "auth_password",
            "auth_password_file",
            "auth_identity",
            "headers",
            "html",
            "text",
            "require_tls");
    private static final Set<String> SLACK_KEYS =
            Set.of("send_resolved", "api_url", "api_url_file", "channel", "username", "title", "text");
    private static final Set<String> WEBHOOK_KEYS =
            Set.of("send_resolved", "url", "url_file", "max_alerts", "hmac_secret", "hmac_secret_file");
    private static final Set<String> INHIBIT_KEYS = Set.of(
            "source_match",
            "source_match_re",
            "source_matchers",
            "target_match",
            "target_match_re",
            "target_matchers",
            "equal");
    private static final Set<String> NAMED_INTERVAL_KEYS = Set.of("name", "time_intervals");
    private static final Set<String> INTERVAL_KEYS =
            Set.of("times", "weekdays", "days_of_month", "months", "years", "location");
    private static final Set<String> TIME_RANGE_KEYS = Set.of("start_time", "end_time");

    private final Function<String, String> env;

    /** A parser that expands placeholders from the process environment. */
    public AlertingConfigParser() {
        this(System::getenv);
    }

    /** A parser that expands placeholders from {@code env} (null for an unset variable). */
    public AlertingConfigParser(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Parses a configuration from a stream (UTF-8). */
    public AlertingConfig parse(InputStream in) throws IOException {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Parses a classpath resource such as {@code routing/default-routing.yml}. */
    public AlertingConfig parseResource(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource not found: " + resource);
            }
            return parse(in);
        }
    }

    /** Parses and validates a configuration. */
    public AlertingConfig parse(String yaml) {
        JsonNode tree;
        try {
            YAMLMapper mapper = YAMLMapper.builder()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();
            tree = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new AlertingConfigException("", "invalid YAML: " + e.getOriginalMessage() + locationOf(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new AlertingConfigException("", "empty configuration");
        }
        YamlNode root = new YamlNode(tree, "", env).requireMapping(TOP_KEYS);

        GlobalConfig global = parseGlobal(root.get("global"));
        TimeIntervals intervals = parseTimeIntervals(root);
        List<ReceiverConfig> receivers = parseReceivers(root.get("receivers"), global);
        List<InhibitRule> inhibitRules = root.get("inhibit_rules").list().stream()
                .map(this::parseInhibitRule)
                .toList();

        YamlNode routeNode = root.get("route");
        if (routeNode.isMissing()) {
            throw new AlertingConfigException("route", "no route provided in config");
        }
        RouteConfig route = parseRoute(routeNode);
        validateRoot(routeNode, route);
        Set<String> receiverNames = new HashSet<>();
        receivers.forEach(r -> receiverNames.add(r.name()));
        checkReferences(routeNode, route, receiverNames, intervals.names());
        return new AlertingConfig(global, route, receivers, inhibitRules, intervals);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    // ---- global ----

    private GlobalConfig parseGlobal(YamlNode n) {
        GlobalConfig d = GlobalConfig.defaults();
        if (n.isMissing()) {
            return d;
        }
        n.requireMapping(GLOBAL_KEYS);
        Duration resolve = duration(n.get("resolve_timeout"));
        GlobalConfig g = new GlobalConfig(
                resolve == null ? d.resolveTimeout() : resolve,
                n.string("smtp_from"),
                Objects.requireNonNullElse(n.string("smtp_hello"), d.smtpHello()),
                hostPort(n.get("smtp_smarthost")),
                n.string("smtp_auth_username"),
                Secret.of(n.string("smtp_auth_password")),
                n.string("smtp_auth_password_file"),
                n.string("smtp_auth_identity"),
                n.bool("smtp_require_tls", true),
                Secret.of(n.string("slack_api_url")),
                n.string("slack_api_url_file"));
        if (g.smtpAuthPassword() != null && g.smtpAuthPasswordFile() != null) {
            throw n.error("at most one of smtp_auth_password & smtp_auth_password_file must be configured");
        }
        if (g.slackApiUrl() != null && g.slackApiUrlFile() != null) {
            throw n.error("at most one of slack_api_url & slack_api_url_file must be configured");
        }
        if (g.slackApiUrl() != null) {
            url(n.get("slack_api_url"), g.slackApiUrl().reveal());
        }
        return g;
    }

    // ---- receivers ----

    private List<ReceiverConfig> parseReceivers(YamlNode list, GlobalConfig global) {
        List<ReceiverConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode r : list.list()) {
            for (String key : UNSUPPORTED_RECEIVER_KEYS) {
                if (r.has(key)) {
                    throw r.get(key)
                            .error(
                                    "unsupported receiver type (supported: email_configs, slack_configs, webhook_configs)");
                }
            }
            r.requireMapping(RECEIVER_KEYS);
            String name = r.requiredString("name", "missing name in receiver");
            if (!names.add(name)) {
                throw r.get("name").error("notification config name \"" + name + "\" is not unique");
            }
            List<EmailConfig> emails = r.get("email_configs").list().stream()
                    .map(n -> parseEmail(n, global))
                    .toList();
            List<SlackConfig> slacks = r.get("slack_configs").list().stream()
                    .map(n -> parseSlack(n, global))
                    .toList();
            List<WebhookConfig> webhooks = r.get("webhook_configs").list().stream()
                    .map(this::parseWebhook)
                    .toList();
            out.add(new ReceiverConfig(name, emails, slacks, webhooks));
        }
        return out;
    }

    private EmailConfig parseEmail(YamlNode n, GlobalConfig g) {
        n.requireMapping(EMAIL_KEYS);
        String to = n.requiredString("to", "missing to address in email config");
        String from = Objects.requireNonNullElse(n.string("from"), nullToEmpty(g.smtpFrom()));
        if (from.isEmpty()) {
            throw n.error("no global SMTP from set");
        }
        String smarthost = hostPort(n.get("smarthost"));
        if (smarthost == null) {
            smarthost = g.smtpSmarthost();
        }
        if (smarthost == null) {
            throw n.error("no global SMTP smarthost set");
        }
        Secret password = Secret.of(n.string("auth_password"));
        String passwordFile = n.string("auth_password_file");
        if (password != null && passwordFile != null) {
            throw n.error("at most one of auth_password & auth_password_file must be configured");
        }
        String username = n.string("auth_username");
        if (username == null) {
            // Like Alertmanager, auth settings come from global only as a whole.
            username = g.smtpAuthUsername();
            if (password == null && passwordFile == null) {
                password = g.smtpAuthPassword();
                passwordFile = g.smtpAuthPasswordFile();
            }
        }
        Map<String, String> headers = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, YamlNode> e : n.get("headers").entries().entrySet()) {
            String canonical = canonicalHeader(e.getKey());
            if (!seen.add(canonical)) {
                throw e.getValue().error("duplicate header \"" + canonical + "\" in email config");
            }
            headers.put(canonical, nullToEmpty(e.getValue().string()));
        }
        return new EmailConfig(
                n.bool("send_resolved", false),
                to,
                from,
                Objects.requireNonNullElse(n.string("hello"), g.smtpHello()),
                smarthost,
                username,
                password,
                passwordFile,
                Objects.requireNonNullElse(n.string("auth_identity"), nullToEmpty(g.smtpAuthIdentity())),
                headers,
                n.string("html"),
                n.string("text"),
                n.bool("require_tls", g.smtpRequireTls()));
    }

    private SlackConfig parseSlack(YamlNode n, GlobalConfig g) {
        n.requireMapping(SLACK_KEYS);
        String apiUrl = n.string("api_url");
        String apiUrlFile = n.string("api_url_file");
        if (apiUrl != null && apiUrlFile != null) {
            throw n.error("at most one of api_url & api_url_file must be configured");
        }
        if (apiUrl != null) {
            url(n.get("api_url"), apiUrl);
        }
        Secret secretUrl = Secret.of(apiUrl);
        if (apiUrl == null && apiUrlFile == null) {
            secretUrl = g.slackApiUrl();
            apiUrlFile = g.slackApiUrlFile();
            if (secretUrl == null && apiUrlFile == null) {
                throw n.error("no global Slack API URL set either inline or in a file");
            }
        }
        return new SlackConfig(
                n.bool("send_resolved", false),
                secretUrl,
                apiUrlFile,
                n.string("channel"),
                n.string("username"),
                n.string("title"),
                n.string("text"));
    }

    private WebhookConfig parseWebhook(YamlNode n) {
        n.requireMapping(WEBHOOK_KEYS);
        String url = n.string("url");
        String urlFile = n.string("url_file");
        if (url == null && urlFile == null) {
            throw n.error("one of url or url_file must be configured");
        }
        if (url != null && urlFile != null) {
            throw n.error("at most one of url & url_file must be configured");
        }
        if (url != null) {
            url(n.get("url"), url);
        }
        String hmac = n.string("hmac_secret");
        String hmacFile = n.string("hmac_secret_file");
        if (hmac != null && hmacFile != null) {
            throw n.error("at most one of hmac_secret & hmac_secret_file must be configured");
        }
        if (hmac != null && hmac.isEmpty()) {
            throw n.get("hmac_secret").error("must not be empty");
        }
        int maxAlerts = 0;
        String max = n.string("max_alerts");
        if (max != null) {
            try {
                maxAlerts = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                throw n.get("max_alerts").error("expected a non-negative integer");
            }
            if (maxAlerts < 0) {
                throw n.get("max_alerts").error("expected a non-negative integer");
            }
        }
        return new WebhookConfig(
                n.bool("send_resolved", true), Secret.of(url), urlFile, maxAlerts, Secret.of(hmac), hmacFile);
    }

    // ---- routes ----

    private RouteConfig parseRoute(YamlNode n) {
        n.requireMapping(ROUTE_KEYS);
        List<Matcher> matchers = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : n.get("match").entries().entrySet()) {
            matchers.add(matcher(
                    e.getValue(),
                    MatchType.EQUAL,
                    e.getKey(),
                    nullToEmpty(e.getValue().string())));
        }
        for (Map.Entry<String, YamlNode> e : n.get("match_re").entries().entrySet()) {
            // Alertmanager keeps the anchored form of a legacy match_re, visible in the route key.
            String anchored = "^(?:" + nullToEmpty(e.getValue().string()) + ")$";
            matchers.add(matcher(e.getValue(), MatchType.REGEXP, e.getKey(), anchored));
        }
        matchers.addAll(matcherStrings(n.get("matchers")));

        List<String> groupBy = null;
        boolean groupByAll = false;
        YamlNode gb = n.get("group_by");
        if (!gb.isMissing()) {
            List<String> labels = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (YamlNode l : gb.list()) {
                String label = l.string();
                if ("...".equals(label)) {
                    groupByAll = true;
                } else {
                    if (label == null || label.isEmpty()) {
                        throw l.error("invalid label name \"\" in group_by");
                    }
                    if (!seen.add(label)) {
                        throw gb.error("duplicated label \"" + label + "\" in group_by");
                    }
                    labels.add(label);
                }
            }
            if (groupByAll && !labels.isEmpty()) {
                throw gb.error("cannot have wildcard group_by (`...`) and other labels at the same time");
            }
            // As in Alertmanager, an empty or wildcard-only list leaves the label list inherited.
            groupBy = labels.isEmpty() ? null : labels;
        }
        Duration groupInterval = duration(n.get("group_interval"));
        if (Duration.ZERO.equals(groupInterval)) {
            throw n.get("group_interval").error("group_interval cannot be zero");
        }
        Duration repeatInterval = duration(n.get("repeat_interval"));
        if (Duration.ZERO.equals(repeatInterval)) {
            throw n.get("repeat_interval").error("repeat_interval cannot be zero");
        }
        List<RouteConfig> children =
                n.get("routes").list().stream().map(this::parseRoute).toList();
        return new RouteConfig(
                n.string("receiver"),
                groupBy,
                groupByAll,
                matchers,
                n.bool("continue", false),
                duration(n.get("group_wait")),
                groupInterval,
                repeatInterval,
                n.get("mute_time_intervals").strings(),
                n.get("active_time_intervals").strings(),
                children);
    }

    private void validateRoot(YamlNode n, RouteConfig root) {
        if (root.receiver() == null || root.receiver().isEmpty()) {
            throw n.get("receiver").error("root route must specify a default receiver");
        }
        if (!root.matchers().isEmpty()) {
            throw n.error("root route must not have any matchers");
        }
        if (!root.muteTimeIntervals().isEmpty()) {
            throw n.get("mute_time_intervals").error("root route must not have any mute time intervals");
        }
        if (!root.activeTimeIntervals().isEmpty()) {
            throw n.get("active_time_intervals").error("root route must not have any active time intervals");
        }
        if (root.continueMatching()) {
            throw n.get("continue").error("cannot have continue in root route");
        }
    }

    private void checkReferences(YamlNode n, RouteConfig r, Set<String> receivers, Set<String> intervals) {
        if (r.receiver() != null && !r.receiver().isEmpty() && !receivers.contains(r.receiver())) {
            throw n.get("receiver").error("undefined receiver \"" + r.receiver() + "\" used in route");
        }
        checkIntervals(n.get("mute_time_intervals"), r.muteTimeIntervals(), intervals);
        checkIntervals(n.get("active_time_intervals"), r.activeTimeIntervals(), intervals);
        List<YamlNode> childNodes = n.get("routes").list();
        for (int i = 0; i < r.routes().size(); i++) {
            checkReferences(childNodes.get(i), r.routes().get(i), receivers, intervals);
        }
    }

    private static void checkIntervals(YamlNode list, List<String> names, Set<String> defined) {
        for (int i = 0; i < names.size(); i++) {
            if (!defined.contains(names.get(i))) {
                throw list.list().get(i).error("undefined time interval \"" + names.get(i) + "\" used in route");
            }
        }
    }

    // ---- inhibit rules ----

    private InhibitRule parseInhibitRule(YamlNode n) {
        n.requireMapping(INHIBIT_KEYS);
        List<Matcher> source = new ArrayList<>();
        List<Matcher> target = new ArrayList<>();
        legacyMatchers(n, "source", source);
        legacyMatchers(n, "target", target);
        Set<String> equal = new LinkedHashSet<>();
        for (YamlNode e : n.get("equal").list()) {
            String label = e.string();
            if (label == null || label.isEmpty()) {
                throw e.error("invalid label name \"\" in equal");
            }
            equal.add(label);
        }
        return new InhibitRule(source, target, equal);
    }

    private void legacyMatchers(YamlNode n, String side, List<Matcher> out) {
        for (Map.Entry<String, YamlNode> e : n.get(side + "_match").entries().entrySet()) {
            out.add(matcher(
                    e.getValue(),
                    MatchType.EQUAL,
                    e.getKey(),
                    nullToEmpty(e.getValue().string())));
        }
        for (Map.Entry<String, YamlNode> e : n.get(side + "_match_re").entries().entrySet()) {
            out.add(matcher(
                    e.getValue(),
                    MatchType.REGEXP,
                    e.getKey(),
                    "^(?:" + nullToEmpty(e.getValue().string()) + ")$"));
        }
        out.addAll(matcherStrings(n.get(side + "_matchers")));
    }

    private List<Matcher> matcherStrings(YamlNode list) {
        List<Matcher> out = new ArrayList<>();
        for (YamlNode m : list.list()) {
            String s = m.string();
            try {
                out.addAll(MatcherParser.parseMatchers(s == null ? "" : s));
            } catch (IllegalArgumentException e) {
                throw m.error(e.getMessage());
            }
        }
        return out;
    }

    private static Matcher matcher(YamlNode at, MatchType type, String name, String value) {
        try {
            return Matcher.of(type, name, value);
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }

    // ---- time intervals ----

    private TimeIntervals parseTimeIntervals(YamlNode root) {
        Map<String, List<TimeInterval>> byName = new LinkedHashMap<>();
        for (String key : List.of("time_intervals", "mute_time_intervals")) {
            for (YamlNode named : root.get(key).list()) {
                named.requireMapping(NAMED_INTERVAL_KEYS);
                String name = named.requiredString("name", "missing name in time interval");
                if (byName.containsKey(name)) {
                    throw named.get("name").error("time interval \"" + name + "\" is not unique");
                }
                List<TimeInterval> intervals = named.get("time_intervals").list().stream()
                        .map(this::parseInterval)
                        .toList();
                byName.put(name, intervals);
            }
        }
        return new TimeIntervals(byName);
    }

    private TimeInterval parseInterval(YamlNode n) {
        n.requireMapping(INTERVAL_KEYS);
        List<TimeRange> times = new ArrayList<>();
        for (YamlNode t : n.get("times").list()) {
            t.requireMapping(TIME_RANGE_KEYS);
            try {
                times.add(TimeRange.parse(t.string("start_time"), t.string("end_time")));
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage());
            }
        }
        ZoneId location = null;
        String loc = n.string("location");
        if (loc != null) {
            try {
                location = TimeInterval.parseLocation(loc);
            } catch (IllegalArgumentException e) {
                throw n.get("location").error(e.getMessage());
            }
        }
        return new TimeInterval(
                times,
                ranges(n.get("weekdays"), TimeInterval::parseWeekdays),
                ranges(n.get("days_of_month"), TimeInterval::parseDaysOfMonth),
                ranges(n.get("months"), TimeInterval::parseMonths),
                ranges(n.get("years"), TimeInterval::parseYears),
                location);
    }

    private static List<InclusiveRange> ranges(YamlNode list, Function<String, InclusiveRange> parser) {
        List<InclusiveRange> out = new ArrayList<>();
        for (YamlNode r : list.list()) {
            try {
                out.add(parser.apply(nullToEmpty(r.string())));
            } catch (IllegalArgumentException e) {
                throw r.error(e.getMessage());
            }
        }
        return out;
    }

    // ---- scalars ----

    private static Duration duration(YamlNode n) {
        String s = n.string();
        if (s == null) {
            return null;
        }
        try {
            return PromDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static String hostPort(YamlNode n) {
        String s = n.string();
        if (s == null || s.isEmpty()) {
            return null;
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || colon == s.length() - 1) {
            throw n.error("address " + s + ": missing port in address");
        }
        return s;
    }

    private static void url(YamlNode at, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                // The URL may be a secret: name the scheme, never the URL.
                throw at.error("unsupported scheme \"" + scheme + "\" for URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw at.error("URL has no host");
            }
        } catch (URISyntaxException e) {
            throw at.error("invalid URL");
        }
    }

    private static String canonicalHeader(String h) {
        StringBuilder b = new StringBuilder(h.length());
        boolean upper = true;
        for (char c : h.toCharArray()) {
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
