package io.mihari.agent.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mihari.model.event.TargetId;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code mihari-agent cloud-collect} reads (YAML or JSON): one city's managed components and the cloud resource
 * behind each of them.
 *
 * <pre>
 * tenant: kurashiki
 * region: ap-northeast-1
 * endpointOverride: http://127.0.0.1:4566   # tests only: every API at this address
 * interval: 60s                              # default: the catalog's heartbeat interval of these targets
 * health: true                              # also ask AWS Health for open issues of each resource
 * targets:
 *   - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
 *   - {host: krs-hf-fsx1, fsx: {fileSystemId: fs-0123}}
 *   - {host: krs-juki-alb1, elb: {targetGroupArn: ..., loadBalancerArn: ...}}
 *   - {host: krs-ebs1, cloudwatch: {namespace: AWS/EBS, metric: VolumeStalledIOCheck, dimensions: {VolumeId: vol-1},
 *      failWhenAbove: 0}}
 * </pre>
 */
public record CollectorConfig(String tenant, String region, Optional<URI> endpointOverride, Duration interval,
        boolean intervalGiven,
        boolean health, List<Resource> targets) {

    /** One catalog target and the cloud resource whose state it reports. */
    public sealed interface Resource permits Rds, Fsx, Elb, CloudWatchMetric {
        String host();

        /** The resource's identifiers, as AWS Health names affected entities. */
        List<String> entityValues();
    }

    /** An RDS instance: its DBInstanceStatus. */
    public record Rds(String host, String dbInstanceIdentifier) implements Resource {
        public List<String> entityValues() {
            return List.of(dbInstanceIdentifier);
        }
    }

    /** An FSx file system: its Lifecycle. */
    public record Fsx(String host, String fileSystemId) implements Resource {
        public List<String> entityValues() {
            return List.of(fileSystemId);
        }
    }

    /** A load balancer: its target group's healthy targets and, if given, the load balancer's state. */
    public record Elb(String host, String targetGroupArn, Optional<String> loadBalancerArn) implements Resource {
        public List<String> entityValues() {
            List<String> values = new ArrayList<>();
            loadBalancerArn.ifPresent(values::add);
            values.add(targetGroupArn);
            return values;
        }
    }

    /**
     * A CloudWatch metric: the newest datapoint of {@code statistic} over {@code period}, failing above
     * {@code failWhenAbove} (and/or below {@code failWhenBelow}); no datapoint fails unless {@code missingIsOk}.
     */
    public record CloudWatchMetric(String host, String namespace, String metric, Map<String, String> dimensions,
            String statistic, Duration period, Optional<Double> failWhenAbove, Optional<Double> failWhenBelow,
            boolean missingIsOk) implements Resource {
        public List<String> entityValues() {
            return List.copyOf(dimensions.values());
        }
    }

    /** This configuration polling every {@code every} (the catalog's heartbeat interval when none was given). */
    public CollectorConfig withInterval(Duration every) {
        return new CollectorConfig(tenant, region, endpointOverride, every, true, health, targets);
    }

    private static final Set<String> TOP_KEYS = Set.of("tenant", "region", "endpointOverride", "interval", "health",
            "targets");
    private static final List<String> KINDS = List.of("rds", "fsx", "elb", "cloudwatch");

    /** Reads and checks the file; every problem names its key. */
    public static CollectorConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** @param source where the text comes from, for messages */
    public static CollectorConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text); // JSON is YAML too
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not YAML/JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with tenant, region and targets");
        }
        unknownKeys(root, TOP_KEYS, "");
        String tenant = name(text(root, "tenant", true), "tenant");
        String region = text(root, "region", true);
        Optional<URI> endpoint = Optional.ofNullable(text(root, "endpointOverride", false)).map(v -> {
            try {
                URI uri = URI.create(v);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpointOverride: '" + v + "' is not a URL (" + e.getMessage() + ")");
            }
        });
        boolean intervalGiven = text(root, "interval", false) != null;
        Duration interval = duration(root, "interval", Duration.ofSeconds(60));
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval: at least 1s, not " + text(root, "interval", false));
        }
        boolean health = bool(root, "health", true);
        JsonNode targets = root.get("targets");
        if (targets == null || !targets.isArray() || targets.isEmpty()) {
            throw new IllegalArgumentException("targets: give at least one {host, rds|fsx|elb|cloudwatch}");
        }
        List<Resource> resources = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            String at = "targets[" + i + "]";
            Resource r = resource(targets.get(i), at);
            if (!hosts.add(r.host())) {
                throw new IllegalArgumentException(at + ".host: '" + r.host() + "' is listed twice");
            }
            resources.add(r);
        }
        return new CollectorConfig(tenant, region, endpoint, interval, intervalGiven, health, List.copyOf(resources));
    }

    private static Resource resource(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": expected {host, rds|fsx|elb|cloudwatch}");
        }
        Set<String> allowed = new HashSet<>(KINDS);
        allowed.add("host");
        unknownKeys(node, allowed, at + ".");
        String host = name(text(node, "host", true, at + "."), at + ".host");
        List<String> given = KINDS.stream().filter(node::has).toList();
        if (given.size() != 1) {
            throw new IllegalArgumentException(at + ": give exactly one of rds, fsx, elb, cloudwatch (got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)) + ")");
        }
        String kind = given.get(0);
        JsonNode spec = node.get(kind);
        String p = at + "." + kind + ".";
        if (!spec.isObject()) {
            throw new IllegalArgumentException(at + "." + kind + ": expected a mapping");
        }
        return switch (kind) {
            case "rds" -> {
                unknownKeys(spec, Set.of("dbInstanceIdentifier"), p);
                yield new Rds(host, text(spec, "dbInstanceIdentifier", true, p));
            }
            case "fsx" -> {
                unknownKeys(spec, Set.of("fileSystemId"), p);
                yield new Fsx(host, text(spec, "fileSystemId", true, p));
            }
            case "elb" -> {
                unknownKeys(spec, Set.of("targetGroupArn", "loadBalancerArn"), p);
                yield new Elb(host, text(spec, "targetGroupArn", true, p),
                        Optional.ofNullable(text(spec, "loadBalancerArn", false, p)));
            }
            default -> {
                unknownKeys(spec, Set.of("namespace", "metric", "dimensions", "statistic", "period", "failWhenAbove",
                        "failWhenBelow", "missingIsOk"), p);
                Map<String, String> dimensions = new LinkedHashMap<>();
                JsonNode dims = spec.get("dimensions");
                if (dims != null) {
                    if (!dims.isObject()) {
                        throw new IllegalArgumentException(p + "dimensions: expected a mapping of name: value");
                    }
                    dims.fields().forEachRemaining(e -> dimensions.put(e.getKey(), e.getValue().asText()));
                }
                Optional<Double> above = number(spec, "failWhenAbove", p);
                Optional<Double> below = number(spec, "failWhenBelow", p);
                if (above.isEmpty() && below.isEmpty()) {
                    throw new IllegalArgumentException(p + "failWhenAbove or failWhenBelow: give at least one");
                }
                String statistic = Optional.ofNullable(text(spec, "statistic", false, p)).orElse("Maximum");
                Duration period = duration(spec, "period", Duration.ofSeconds(60), p);
                if (period.toSeconds() < 1 || period.toSeconds() % 60 != 0 && period.toSeconds() > 60) {
                    throw new IllegalArgumentException(p + "period: 1s..60s or a multiple of 60s");
                }
                yield new CloudWatchMetric(host, text(spec, "namespace", true, p), text(spec, "metric", true, p),
                        Map.copyOf(dimensions), statistic, period, above, below, bool(spec, "missingIsOk", false, p));
            }
        };
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown key (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String key, boolean required) {
        return text(node, key, required, "");
    }

    private static String text(JsonNode node, String key, boolean required, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(prefix + key + ": missing");
            }
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(prefix + key + ": expected a text");
        }
        return value.asText().trim();
    }

    private static String name(String value, String key) {
        TargetId.requireName(key, value);
        return value;
    }

    private static Optional<Double> number(JsonNode node, String key, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(prefix + key + ": expected a number, not '" + value.asText() + "'");
        }
        return Optional.of(value.asDouble());
    }

    private static boolean bool(JsonNode node, String key, boolean fallback) {
        return bool(node, key, fallback, "");
    }

    private static boolean bool(JsonNode node, String key, boolean fallback, String prefix) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(prefix + key + ": expected true or false, not '" + value.asText() + "'");
        }
        return value.asBoolean();
    }

    private static Duration duration(JsonNode node, String key, Duration fallback) {
        return duration(node, key, fallback, "");
    }

    private static Duration duration(JsonNode node, String key, Duration fallback, String prefix) {
        String value = text(node, key, false, prefix);
        if (value == null) {
            return fallback;
        }
        try {
            if (value.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(value.replaceAll("\\D", ""));
                return value.endsWith("ms") ? Duration.ofMillis(n) : value.endsWith("s") ? Duration.ofSeconds(n)
                        : value.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + ": '" + value + "' is not a duration (e.g. 60s, 5m)");
        }
    }
}
