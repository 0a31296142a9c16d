package io.mihari.model.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.model.event.TargetId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a target's {@code latency:} mapping (response-time thresholds by check name, {@link LatencyThresholds}),
 * naming the key of every problem ({@code services[0].targets[1].latency.portal.warning: must be at most critical
 * (2s), was '3s'}). The mapping is keyed by check names, which the catalog's record binding cannot express, so it is
 * read here from the YAML as written. Kept apart from {@link CatalogLoader}, which is long enough.
 */
final class LatencyReader {

    static final Set<String> KEYS = Set.of("warning", "critical", "sustain", "hysteresis", "baseline");
    static final Set<String> BASELINE_KEYS = Set.of("percentile", "days", "factor", "floor");
    private static final String KNOWN = "warning, critical, sustain, hysteresis, baseline";
    private static final String KNOWN_BASELINE = "percentile, days, factor, floor";

    private LatencyReader() {
    }

    /** The thresholds {@code node} gives; {@link LatencyThresholds#NONE} when absent or wrong (problems added). */
    static LatencyThresholds read(String key, JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return LatencyThresholds.NONE;
        }
        if (!node.isObject()) {
            problems.add(key + ": must be a mapping of check names to thresholds (e.g. portal: {warning: 800ms, "
                    + "critical: 2s}), not " + kind(node));
            return LatencyThresholds.NONE;
        }
        int before = problems.size();
        Map<String, LatencyThresholds.Level> checks = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = key + "." + e.getKey();
            if (!TargetId.NAME.matcher(e.getKey()).matches()) {
                problems.add(at + ": '" + e.getKey() + "' is not a check name (letters, digits, '.', '_', '-'; "
                        + "as the agent configuration names the check)");
                continue;
            }
            LatencyThresholds.Level level = level(at, e.getValue(), problems);
            if (level != null) {
                checks.put(e.getKey(), level);
            }
        }
        return problems.size() > before ? LatencyThresholds.NONE : new LatencyThresholds(checks);
    }

    /** One check's thresholds; null when wrong (problems added). */
    private static LatencyThresholds.Level level(String at, JsonNode node, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(at + ": must be a mapping (e.g. {warning: 800ms, critical: 2s, sustain: 5m}), not "
                    + kind(node));
            return null;
        }
        int before = problems.size();
        unknownKeys(at, node, KEYS, KNOWN, problems);
        Duration warning = duration(at + ".warning", node.get("warning"), false, problems);
        Duration critical = duration(at + ".critical", node.get("critical"), false, problems);
        Duration sustain = has(node, "sustain") ? duration(at + ".sustain", node.get("sustain"), true, problems)
                : LatencyThresholds.DEFAULT_SUSTAIN;
        Double hysteresis = has(node, "hysteresis") ? percent(at + ".hysteresis", node.get("hysteresis"), problems)
                : Double.valueOf(LatencyThresholds.DEFAULT_HYSTERESIS);
        LatencyThresholds.Baseline baseline = has(node, "baseline")
                ? baseline(at + ".baseline", node.get("baseline"), problems) : null;
        if (problems.size() > before) {
            return null;
        }
        if (warning == null && critical == null && baseline == null) {
            problems.add(at + ": needs warning, critical or baseline (e.g. {warning: 800ms, critical: 2s})");
            return null;
        }
        if (warning != null && critical != null && warning.compareTo(critical) > 0) {
            problems.add(at + ".warning: must be at most critical (" + text(node.get("critical")) + "), was '"
                    + text(node.get("warning")) + "'");
            return null;
        }
        if (baseline != null && critical != null && baseline.floor().compareTo(critical) > 0) {
            problems.add(at + ".baseline.floor: must be at most critical (" + text(node.get("critical")) + "), was '"
                    + text(node.get("baseline").get("floor")) + "'");
            return null;
        }
        return new LatencyThresholds.Level(warning, critical, sustain, hysteresis, baseline);
    }

    private static LatencyThresholds.Baseline baseline(String at, JsonNode node, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add(at + ": must be a mapping (e.g. {percentile: 95, days: 7, factor: 2, floor: 200ms}), not "
                    + kind(node));
            return null;
        }
        int before = problems.size();
        unknownKeys(at, node, BASELINE_KEYS, KNOWN_BASELINE, problems);
        double percentile = LatencyThresholds.Baseline.DEFAULT_PERCENTILE;
        if (has(node, "percentile")) {
            BigDecimal p = number(at + ".percentile", node.get("percentile"), problems);
            if (p != null && !(p.doubleValue() >= 50 && p.doubleValue() <= 99.9)) {
                problems.add(at + ".percentile: must be within 50..99.9, was " + p.toPlainString());
            } else if (p != null) {
                percentile = p.doubleValue();
            }
        }
        int days = LatencyThresholds.Baseline.DEFAULT_DAYS;
        if (has(node, "days")) {
            BigDecimal d = number(at + ".days", node.get("days"), problems);
            if (d != null) {
                try {
                    days = d.intValueExact();
                    if (days < 1 || days > LatencyThresholds.Baseline.MAX_DAYS) {
                        problems.add(at + ".days: must be within 1.." + LatencyThresholds.Baseline.MAX_DAYS
                                + " (events are kept " + LatencyThresholds.Baseline.MAX_DAYS + " days), was " + days);
                    }
                } catch (ArithmeticException e) {
                    problems.add(at + ".days: must be a whole number of days, was " + d.toPlainString());
                }
            }
        }
        double factor = LatencyThresholds.Baseline.DEFAULT_FACTOR;
        if (has(node, "factor")) {
            BigDecimal f = number(at + ".factor", node.get("factor"), problems);
            if (f != null && f.compareTo(BigDecimal.ONE) < 0) {
                problems.add(at + ".factor: must be at least 1 (the usual response time is not slow), was "
                        + f.toPlainString());
            } else if (f != null) {
                factor = f.doubleValue();
            }
        }
        Duration floor = has(node, "floor") ? duration(at + ".floor", node.get("floor"), false, problems)
                : LatencyThresholds.Baseline.DEFAULT_FLOOR;
        if (problems.size() > before || floor == null) {
            return null;
        }
        return new LatencyThresholds.Baseline(percentile, days, factor, floor);
    }

    private static boolean has(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private static void unknownKeys(String at, JsonNode node, Set<String> known, String list, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        for (String name : unknown) {
            problems.add(at + "." + name + ": unknown key (known keys: " + list + ")");
        }
    }

    /**
     * A duration with its unit ({@code 800ms}, {@code 2s}, {@code 5m}, ISO {@code PT2S}); null when absent or wrong.
     *
     * @param zeroAllowed whether {@code 0s} is allowed (a sustain: at once)
     */
    private static Duration duration(String key, JsonNode node, boolean zeroAllowed, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            problems.add(key + ": must be a duration (e.g. 800ms, 2s, 5m), not " + kind(node));
            return null;
        }
        String text = node.asText().trim();
        if (text.startsWith("-")) {
            problems.add(key + ": must not be negative, was '" + text + "'");
            return null;
        }
        if (node.isNumber() || text.matches("\\d+(\\.\\d+)?")) {
            problems.add(key + ": '" + text + "' needs a unit (e.g. " + text + "ms or " + text + "s)");
            return null;
        }
        Duration d;
        try {
            d = CatalogLoader.parseDuration(text);
        } catch (RuntimeException e) {
            problems.add(key + ": '" + text + "' is not a duration (e.g. 800ms, 2s, 5m, PT1S)");
            return null;
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            problems.add(key + ": must be " + (zeroAllowed ? "zero or more" : "more than zero") + ", was '" + text + "'");
            return null;
        }
        return d;
    }

    /** {@code 10%}, {@code 10 %} or {@code 10}: a percentage in [0, 100); null when wrong. */
    private static Double percent(String key, JsonNode node, List<String> problems) {
        if (node.isContainerNode()) {
            problems.add(key + ": must be a percentage (e.g. 10%), not " + kind(node));
            return null;
        }
        String text = node.asText().trim();
        String number = text.endsWith("%") ? text.substring(0, text.length() - 1).trim() : text;
        try {
            double p = new BigDecimal(number).doubleValue();
            if (!(p >= 0 && p < 100)) {
                problems.add(key + ": must be a percentage in [0, 100), was '" + text + "'");
                return null;
            }
            return p;
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + text + "' is not a percentage (e.g. 10%)");
            return null;
        }
    }

    private static BigDecimal number(String key, JsonNode node, List<String> problems) {
        if (node.isContainerNode()) {
            problems.add(key + ": must be a number, not " + kind(node));
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a number, was '" + node.asText() + "'");
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.asText().trim();
    }

    private static String kind(JsonNode node) {
        return node == null || node.isNull() ? "empty" : node.isObject() ? "a mapping" : node.isArray() ? "a list"
                : "'" + node.asText() + "'";
    }
}
