package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.model.index.IndexTemplates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mihari.e2e.BenchOpenSearch.quote;

/**
 * What a {@link FaultRun} counts once its plan is over and everything has settled: events the fleet had
 * acknowledged by Kafka against events stored, the real agent's sequence numbers, outages against incidents, DOWN
 * transitions of targets that never stopped, first reports and mails per recipient, and whether each incident's
 * first-report record tells the truth about when its mail went out. Every finding that breaks a promise is a
 * {@link #defects() defect}; the rest are figures.
 */
final class FaultCount {

    final Map<String, String> rows = new LinkedHashMap<>();
    final List<String> defects = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    private final FaultRun run;

    FaultCount(FaultRun run) {
        this.run = run;
    }

    List<String> defects() {
        return defects;
    }

    FaultCount count() {
        run.openSearch.refresh("mihari-*");
        events();
        agentEvents();
        incidentsAndTransitions();
        return this;
    }

    // ---- events ----

    private void events() {
        Map<String, Integer> stored = storedIds("{\"prefix\":{\"eventId\":" + quote(run.runId + "-") + "}}");
        Set<String> acked = run.fleet.acked();
        long lost = acked.stream().filter(id -> !stored.containsKey(id)).count();
        long duplicated = stored.values().stream().filter(c -> c > 1).count();
        long unconfirmed = stored.keySet().stream().filter(id -> !acked.contains(id)).count();
        rows.put("fleet events acknowledged by Kafka", Long.toString(acked.size()));
        rows.put("fleet events stored (distinct)", Integer.toString(stored.size()));
        rows.put("fleet events lost", Long.toString(lost));
        rows.put("fleet events stored twice", Long.toString(duplicated));
        rows.put("fleet send failures (sent again, same id)", Long.toString(run.fleet.failures()));
        rows.put("events dead-lettered", Long.toString(run.deadLetters()));
        if (lost > 0) {
            defects.add(lost + " acknowledged fleet events are not stored, e.g. "
                    + acked.stream().filter(id -> !stored.containsKey(id)).limit(5).toList());
        }
        if (duplicated > 0) {
            defects.add(duplicated + " fleet events are stored more than once");
        }
        if (unconfirmed > 0) {
            notes.add(unconfirmed + " stored fleet events were never acknowledged to the fleet (a send that failed"
                    + " after the broker wrote it; sent again under the same id and stored once)");
        }
    }

    /** Stored documents per event id, for the events matching {@code query} (a composite aggregation, paged). */
    private Map<String, Integer> storedIds(String query) {
        Map<String, Integer> counts = new HashMap<>();
        String after = null;
        while (true) {
            String body = "{\"size\":0,\"query\":" + query + ",\"aggs\":{\"ids\":{\"composite\":{\"size\":10000,"
                    + (after == null ? "" : "\"after\":{\"id\":" + quote(after) + "},")
                    + "\"sources\":[{\"id\":{\"terms\":{\"field\":\"eventId\"}}}]}}}}";
            JsonNode ids = run.search(FaultRun.eventsIndices(), body).path("aggregations").path("ids");
            JsonNode buckets = ids.path("buckets");
            if (buckets.isEmpty()) {
                return counts;
            }
            for (JsonNode b : buckets) {
                counts.merge(b.path("key").path("id").asText(), b.path("doc_count").asInt(), Integer::sum);
            }
            after = ids.path("after_key").path("id").asText(null);
            if (after == null) {
                return counts;
            }
        }
    }

    private void agentEvents() {
        JsonNode hits = run.search(FaultRun.eventsIndices(), "{\"size\":10000,\"_source\":[\"seq\",\"eventId\"],"
                + "\"query\":{\"term\":{\"host\":" + quote(FaultRun.AGENT_HOST) + "}}}").path("hits").path("hits");
        Map<Long, Integer> seqs = new HashMap<>();
        for (JsonNode hit : hits) {
            seqs.merge(hit.path("_source").path("seq").asLong(), 1, Integer::sum);
        }
        if (seqs.isEmpty()) {
            defects.add("nothing of the real agent was stored");
            return;
        }
        long min = seqs.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = seqs.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Long> gaps = new ArrayList<>();
        for (long s = min; s <= max; s++) {
            if (!seqs.containsKey(s)) {
                gaps.add(s);
            }
        }
        long twice = seqs.values().stream().filter(c -> c > 1).count();
        // losses the agent announced (GAP events: its full spool disk refused them) are not silent
        List<long[]> announced = new ArrayList<>();
        for (JsonNode hit : run.search(FaultRun.eventsIndices(), "{\"size\":1000,\"_source\":[\"gap\"],\"query\":"
                + "{\"bool\":{\"filter\":[{\"term\":{\"host\":" + quote(FaultRun.AGENT_HOST) + "}},"
                + "{\"term\":{\"type\":\"GAP\"}}]}}}").path("hits").path("hits")) {
            JsonNode gap = hit.path("_source").path("gap");
            announced.add(new long[] {gap.path("firstSeq").asLong(), gap.path("lastSeq").asLong()});
        }
        List<Long> silent = gaps.stream()
                .filter(g -> announced.stream().noneMatch(r -> g >= r[0] && g <= r[1])).toList();
        rows.put("real agent events stored (seq " + min + "–" + max + ")", Integer.toString(seqs.size()));
        rows.put("real agent events lost and announced (GAP events)", (gaps.size() - silent.size()) + " in "
                + announced.size() + " GAP event(s)");
        rows.put("real agent events lost silently (sequence gaps)", Integer.toString(silent.size()));
        rows.put("real agent sequence numbers stored twice", Long.toString(twice));
        if (!silent.isEmpty()) {
            defects.add("the real agent's events " + silent.stream().limit(10).toList() + " are missing, unannounced");
        }
        if (twice > 0) {
            defects.add(twice + " of the real agent's sequence numbers are stored more than once");
        }
    }

    // ---- incidents, transitions, mail ----

    private void incidentsAndTransitions() {
        JsonNode incidents = run.search(IndexTemplates.INCIDENTS, "{\"size\":1000,\"query\":{\"term\":{\"tenant\":"
                + quote(BenchCatalog.TENANT) + "}}}").path("hits").path("hits");
        Map<String, List<JsonNode>> byService = new HashMap<>();
        for (JsonNode hit : incidents) {
            byService.computeIfAbsent(hit.path("_source").path("serviceId").asText(), s -> new ArrayList<>())
                    .add(hit.path("_source"));
        }
        Set<String> outageServices = new HashSet<>();
        int found = 0;
        for (FaultRun.Outage outage : run.plan.outages()) {
            outageServices.add(outage.serviceId());
            List<JsonNode> of = byService.getOrDefault(outage.serviceId(), List.of());
            if (of.size() == 1) {
                found++;
            } else {
                defects.add("outage " + outage.name() + " (" + outage.targetId() + ", silent after "
                        + run.silencedAfter.get(outage) + "): " + of.size() + " incidents, expected 1");
            }
        }
        List<String> extra = new ArrayList<>();
        String agentService = BenchCatalog.serviceId(FaultRun.AGENT_SYSTEM);
        byService.forEach((service, list) -> {
            if (!outageServices.contains(service)) {
                for (JsonNode i : list) {
                    String what = i.path("id").asText() + " " + service + " " + i.path("title").asText();
                    if (service.equals(agentService) && "RESOURCE".equals(i.path("kind").asText())) {
                        // the real agent samples this machine's own disks and memory: another program's full
                        // file system (e.g. a test's tiny tmpfs, or its own spool disk filled) is a true finding
                        notes.add("the real agent's machine: " + what);
                    } else if (service.equals(agentService) && "LIVENESS".equals(i.path("kind").asText())
                            && agentSilencedByDisk(BenchOpenSearch.instant(i.path("startedAt")))) {
                        // a full spool disk leaves the agent unable to store its heartbeats: its server looks
                        // silent until the disk has room (docs/architecture.md), announced afterwards by a GAP
                        notes.add("the real agent's spool disk was full, its heartbeats could not be stored: " + what);
                    } else {
                        extra.add(what);
                    }
                }
            }
        });
        rows.put("real outages injected", Integer.toString(run.plan.outages().size()));
        rows.put("outages found as exactly one incident", Integer.toString(found));
        rows.put("incidents of services that never stopped (invented)", Integer.toString(extra.size()));
        if (!extra.isEmpty()) {
            defects.add("invented incidents: " + extra);
        }

        // DOWN of a target (or a service) that never stopped: Mihari took its own blindness for an outage
        Set<String> silenced = new HashSet<>();
        run.plan.outages().forEach(o -> silenced.add(o.targetId()));
        JsonNode downs = run.search(IndexTemplates.STATUS, "{\"size\":10000,\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"to\":\"DOWN\"}},{\"term\":{\"tenant\":" + quote(BenchCatalog.TENANT) + "}}]}}}")
                .path("hits").path("hits");
        List<String> inventedDown = new ArrayList<>();
        for (JsonNode hit : downs) {
            JsonNode doc = hit.path("_source");
            String target = doc.path("targetId").asText("");
            boolean real = target.isEmpty() ? outageServices.contains(doc.path("serviceId").asText())
                    : silenced.contains(target);
            boolean agentsDisk = (target.equals(BenchCatalog.TENANT + "/" + FaultRun.AGENT_HOST)
                    || doc.path("serviceId").asText().equals(BenchCatalog.serviceId(FaultRun.AGENT_SYSTEM)))
                    && agentSilencedByDisk(BenchOpenSearch.instant(doc.path("at")));
            real = real || agentsDisk;
            if (!real) {
                inventedDown.add((target.isEmpty() ? "service " + doc.path("serviceId").asText() : target) + " at "
                        + doc.path("at").asText());
            }
        }
        long unknown = run.openSearch.count(IndexTemplates.STATUS, "{\"bool\":{\"filter\":[{\"term\":{\"to\":\"UNKNOWN\"}},"
                + "{\"term\":{\"tenant\":" + quote(BenchCatalog.TENANT) + "}}]}}");
        rows.put("DOWN transitions of targets or services that never stopped", Integer.toString(inventedDown.size()));
        rows.put("UNKNOWN transitions (Mihari blind, said so)", Long.toString(unknown));
        if (!inventedDown.isEmpty()) {
            defects.add("targets that never stopped went DOWN: " + inventedDown.stream().limit(10).toList()
                    + (inventedDown.size() > 10 ? " (" + inventedDown.size() + " in all)" : ""));
        }
        mail(incidents);
    }

    private void mail(JsonNode incidents) {
        List<FaultMailbox.Delivery> deliveries = run.mailbox.deliveries();
        Map<String, Integer> perRecipientAndId = new HashMap<>();
        for (FaultMailbox.Delivery d : deliveries) {
            perRecipientAndId.merge(d.recipient() + " " + d.messageId(), 1, Integer::sum);
        }
        List<String> twice = perRecipientAndId.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " ×" + e.getValue()).toList();
        rows.put("mails delivered (per recipient)", Integer.toString(deliveries.size()));
        rows.put("mails a recipient got twice", Integer.toString(twice.size()));
        if (!twice.isEmpty()) {
            defects.add("duplicate mails: " + twice.stream().limit(10).toList());
        }

        int firstReportsOnce = 0;
        int truthful = 0;
        Set<String> recipients = new TreeSet<>();
        deliveries.forEach(d -> recipients.add(d.recipient()));
        List<Duration> afterSmtpBack = new ArrayList<>();
        for (JsonNode hit : incidents) {
            JsonNode incident = hit.path("_source");
            String id = incident.path("id").asText();
            List<FaultMailbox.Delivery> roots = deliveries.stream()
                    .filter(d -> d.messageId() != null && d.messageId().startsWith("<" + id + ".")).toList();
            Map<String, Long> perRecipient = new HashMap<>();
            roots.forEach(d -> perRecipient.merge(d.recipient(), 1L, Long::sum));
            boolean once = !roots.isEmpty() && perRecipient.values().stream().allMatch(c -> c == 1);
            if (once) {
                firstReportsOnce++;
            } else {
                defects.add("incident " + id + ": first report delivered " + perRecipient + " (expected once to each)");
            }
            JsonNode first = incident.path("sla").path("firstReport");
            Instant sentAt = BenchOpenSearch.instant(first.path("sentAt"));
            Instant accepted = roots.stream().map(FaultMailbox.Delivery::at).min(Instant::compareTo).orElse(null);
            if (sentAt != null && accepted != null
                    && Math.abs(Duration.between(accepted, sentAt).toMillis()) <= 10_000) {
                truthful++;
            } else {
                defects.add("incident " + id + ": first report recorded as sent at " + sentAt
                        + " but the mail server accepted it at " + accepted);
            }
            if (accepted != null) {
                for (Instant[] down : run.smtpDown) {
                    Instant made = BenchOpenSearch.instant(first.path("madeAt"));
                    if (down[1] != null && made != null && made.isBefore(down[1]) && accepted.isAfter(down[1])) {
                        afterSmtpBack.add(Duration.between(down[1], accepted));
                    }
                }
            }
        }
        int statusReports = 0;
        for (JsonNode hit : incidents) {
            Map<Integer, Integer> seqs = new HashMap<>();
            for (JsonNode report : hit.path("_source").path("sla").path("statusReports")) {
                seqs.merge(report.path("seq").asInt(), 1, Integer::sum);
                statusReports++;
            }
            seqs.forEach((seq, n) -> {
                if (n > 1) {
                    defects.add("incident " + hit.path("_source").path("id").asText() + ": status report " + seq
                            + " recorded " + n + " times");
                }
            });
        }
        rows.put("status reports recorded (each sequence number once per incident)", Integer.toString(statusReports));
        rows.put("incidents whose first report went to each recipient exactly once", firstReportsOnce + " of "
                + incidents.size());
        rows.put("first-report records matching the mail server's acceptance (±10 s)", truthful + " of "
                + incidents.size());
        if (!afterSmtpBack.isEmpty()) {
            Duration worst = afterSmtpBack.stream().max(Duration::compareTo).orElseThrow();
            rows.put("first reports held by the SMTP outage: sent after it ended, at most", worst.toSeconds() + " s ("
                    + afterSmtpBack.size() + " reports)");
        }
    }

    /**
     * Whether {@code at} falls while the agent's spool disk was full — from one heartbeat interval before (a silence
     * is dated from the last heartbeat heard) to 2 minutes after it was freed.
     */
    private boolean agentSilencedByDisk(Instant at) {
        return at != null && run.agentDiskFull.stream().anyMatch(w -> !at.isBefore(w[0].minus(FaultRun.INTERVAL.multipliedBy(2)))
                && (w[1] == null || !at.isAfter(w[1].plus(Duration.ofMinutes(2)))));
    }

    /** The table for docs/benchmarks.md. */
    String table() {
        StringBuilder t = new StringBuilder("| what | count |\n|---|---|\n");
        rows.forEach((k, v) -> t.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        t.append("| **defects** | **").append(defects.size()).append("** |\n");
        return t.toString();
    }
}
