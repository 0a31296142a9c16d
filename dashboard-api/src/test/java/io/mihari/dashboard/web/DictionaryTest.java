package io.mihari.dashboard.web;

import io.mihari.model.availability.Availability;
import io.mihari.model.command.Attribution;
import io.mihari.model.event.OperatingStatus;
import io.mihari.model.maintenance.MaintenanceWindow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web dashboard's dictionary ({@code const L = {ja: {…}, en: {…}}} at the top of dashboard.js), checked without a
 * browser: both languages have the same keys and no empty text, every key the page asks for ({@code t('key')},
 * {@code data-i18n}) is there, and every value of the enums the API hands out has its words (so no raw
 * {@code MITIGATED} or {@code LIVENESS} can reach a page). The browser test then walks the pages themselves.
 */
public class DictionaryTest {

    static final Path WEB = Path.of("src/main/resources/META-INF/resources");
    static final Pattern ENTRY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*'((?:[^'\\\\]|\\\\.)*)'");
    static final Pattern T_CALL = Pattern.compile("\\bt\\('([^']+)'\\)");
    static final Pattern TE_CALL = Pattern.compile("\\bte\\('([A-Za-z]+_)'");
    static final Pattern I18N_ATTRIBUTE = Pattern.compile("data-i18n=\"([^\"]+)\"");

    /** The alert kinds of alert-service (the incident's {@code kind}); alert-service is not on this classpath. */
    static final List<String> ALERT_KINDS = List.of("LIVENESS", "CHECK", "RESOURCE", "BATCH", "OPERATING_STATUS",
            "LINE_FAILOVER", "CLOCK_SKEW", "LATENCY");
    static final List<String> SEVERITIES = List.of("WARNING", "MAJOR", "CRITICAL");
    static final List<String> ROLES = List.of("admin", "operator", "vendor");
    /** The timeline line types alert-service writes (Incident.java); {@code <KIND>_ALERT/_RESOLVED} are composed. */
    static final List<String> TIMELINE = List.of("INCIDENT_OPENED", "REOPENED", "MITIGATED", "SERVICE_DOWN",
            "FIRST_REPORT_SENT", "RECOVERY_REPORT_SENT", "AUTOMATIC_STATUS_REPORT", "STATUS_UPDATE", "STATUS_REMINDER",
            "STATUS_REPORT_SENT", "RESOLVED", "ACKNOWLEDGED", "ATTRIBUTION", "REPORT_SUBMITTED", "REPORT_REQUESTED",
            "REPORT_REMINDER", "MAINTENANCE_OVERRUN", "CLOSED", "TARGET_DOWN", "TARGET_UP", "ALERT", "RESOLVED_ALERT",
            "RESPONSIBILITY", "ESCALATED", "ESCALATION_SENT", "NOT_NOTIFIED", "NOTIFIED");
    /** The incident actions: each button is named by its action ({@code btn_<action>}). */
    static final List<String> ACTIONS = List.of("postUpdate", "acknowledge", "mitigate", "resolve", "submit",
            "request", "register", "attribute");

    public static String script() throws IOException {
        return Files.readString(WEB.resolve("dashboard.js"));
    }

    /** language → key → text, read from the dictionary's source. */
    public static Map<String, Map<String, String>> dictionary(String js) {
        int start = js.indexOf("const L = {");
        assertThat(start).as("dashboard.js has its dictionary 'const L = {'").isNotNegative();
        int ja = js.indexOf("ja: {", start);
        int en = js.indexOf("en: {", ja);
        int end = js.indexOf("\n  };", en);
        assertThat(ja).isPositive();
        assertThat(en).isGreaterThan(ja);
        assertThat(end).isGreaterThan(en);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        out.put("ja", entries(js.substring(ja + 5, en)));
        out.put("en", entries(js.substring(en + 5, end)));
        return out;
    }

    static Map<String, String> entries(String block) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(block);
        while (m.find()) {
            assertThat(map.put(m.group(1), m.group(2))).as("key %s given twice", m.group(1)).isNull();
        }
        return map;
    }

    @Test
    void bothLanguagesHaveTheSameKeysAndNoEmptyText() throws IOException {
        Map<String, Map<String, String>> d = dictionary(script());
        assertThat(d.get("ja")).hasSizeGreaterThan(100);
        assertThat(new TreeSet<>(d.get("en").keySet())).as("keys of en").isEqualTo(new TreeSet<>(d.get("ja").keySet()));
        d.forEach((lang, entries) -> entries.forEach((k, v) -> assertThat(v).as("%s.%s", lang, k).isNotBlank()));
    }

    @Test
    void everyKeyThePageAsksForIsInTheDictionary() throws IOException {
        String js = script();
        Set<String> keys = dictionary(js).get("ja").keySet();
        List<String> used = new ArrayList<>();
        Matcher m = T_CALL.matcher(js);
        while (m.find()) {
            used.add(m.group(1));
        }
        Matcher html = I18N_ATTRIBUTE.matcher(Files.readString(WEB.resolve("index.html")));
        while (html.find()) {
            used.add(html.group(1));
        }
        assertThat(used).hasSizeGreaterThan(100);
        assertThat(used).as("keys used by dashboard.js and index.html").allSatisfy(k -> assertThat(keys).contains(k));
    }

    @Test
    void everyEnumValueTheApiHandsOutHasItsWords() throws IOException {
        String js = script();
        Set<String> keys = dictionary(js).get("en").keySet();
        Map<String, List<String>> needed = new LinkedHashMap<>();
        needed.put("kind_", ALERT_KINDS);
        needed.put("sev_", SEVERITIES);
        needed.put("lvl_", List.of("WARNING", "CRITICAL"));
        needed.put("role_", ROLES);
        needed.put("tl_", TIMELINE);
        needed.put("title_", ALERT_KINDS);
        needed.put("btn_", ACTIONS);
        needed.put("att_", names(Attribution.values()));
        needed.put("op_", names(OperatingStatus.Status.values()));
        needed.put("dow_", names(DayOfWeek.values()));
        needed.put("run_", names(io.mihari.model.event.BatchRun.State.values())); // a job's last run
        needed.put("m_", List.of("CPU", "MEMORY", "SWAP", "DISK"));
        needed.put("off_", List.of("OK", "WARNING", "MAJOR")); // an agent's clock offset level (ClockOffset)
        needed.put("env_", List.of("test", "temporary")); // a server's environment other than production
        needed.put("fd_", names(io.mihari.dashboard.batch.BatchBoard.DeadlineStatus.values())); // a linkage file
        needed.put("fa_", names(io.mihari.dashboard.batch.BatchBoard.ArrivalProblem.values()));
        needed.put("", Stream.of(names(Availability.Status.values()), names(Availability.Kind.values()),
                names(MaintenanceWindow.Status.values()), List.of("INSUFFICIENT_DATA", "NO_DATA", "UP", "DEGRADED",
                        "DOWN", "UNKNOWN", "OPEN", "MITIGATED", "RESOLVED", "CLOSED", "WITHDRAWN", "LEGACY"))
                .flatMap(List::stream).toList());
        needed.forEach((prefix, values) -> assertThat(values).as("words for %s…", prefix)
                .allSatisfy(v -> assertThat(keys).contains(prefix + v)));
        // every prefix the page looks enums up by is one checked here
        Matcher m = TE_CALL.matcher(js);
        while (m.find()) {
            assertThat(needed).as("enum prefix %s is checked", m.group(1)).containsKey(m.group(1));
        }
    }

    @Test
    void noButtonSaysMerelySend() throws IOException {
        Map<String, Map<String, String>> d = dictionary(script());
        assertThat(d.get("ja")).doesNotContainKey("send");
        assertThat(script()).doesNotContain("t('send')");
    }

    static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
