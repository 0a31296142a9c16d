package io.mihari.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, the full fault run ({@code bench/faults.sh}, about 20 minutes): 2,000 simulated targets at 10 s
 * heartbeats with checks, resource samples and batch runs, one real agent, two alert-service instances and
 * dashboard-api, while one fault after another is injected with recovery in between — Kafka SIGKILLed for 60 s,
 * OpenSearch SIGKILLed for 60 s, OpenSearch's flood stage for 2 minutes, 100 fleet agents' clocks 10 minutes ahead or
 * behind for 3 minutes, one alert-service instance SIGKILLed and left dead for 3 minutes, the real agent's spool disk
 * full for 2 minutes — all inside a 15-minute SMTP outage that crosses first-report deadlines (5 minutes in this run);
 * and real outages of known targets before, during and after each fault. Then {@link FaultCount} counts; any loss,
 * duplicate or invented incident fails the run.
 */
@Tag("benchmark")
class FaultsBenchmarkTest {

    static final int TARGETS = Integer.getInteger("bench.faults.targets", 2000);

    @Test
    void everyFaultInTurnUnderAFleetsTraffic() throws Exception {
        FaultRun.Plan plan = new FaultRun.Plan("full", TARGETS, 2, List.of(
                FaultRun.smtpDown(ofSeconds(0)),
                FaultRun.killKafka(ofSeconds(30), ofSeconds(60)),
                FaultRun.restartKafka(ofSeconds(90)),
                FaultRun.killOpenSearch(ofMinutes(3)),
                FaultRun.restartOpenSearch(ofMinutes(4)),
                FaultRun.floodStage(ofMinutes(6)),
                FaultRun.floodStageOver(ofMinutes(8)),
                // agents' wall clocks jumping ±10 min (heartbeats count at receipt; results in the agent's order)
                FaultRun.clockJump(ofSeconds(270), 0, 50, ofMinutes(10)),
                FaultRun.clockJump(ofSeconds(450), 0, 50, Duration.ZERO),
                FaultRun.clockJump(ofSeconds(270), 50, 50, ofMinutes(-10)),
                FaultRun.clockJump(ofSeconds(450), 50, 50, Duration.ZERO),
                FaultRun.killAlertService(ofMinutes(9), 2),
                // the real agent's spool disk full for 2 minutes (a tmpfs of its own; root only)
                FaultRun.agentDiskFull(ofSeconds(690)),
                FaultRun.agentDiskFreed(ofSeconds(810)),
                FaultRun.restartAlertService(ofMinutes(12), 2),
                FaultRun.smtpUp(ofMinutes(15))),
                List.of(
                        new FaultRun.Outage("a", ofSeconds(10), ofSeconds(150)),   // before any fault, mail down
                        new FaultRun.Outage("b", ofSeconds(50), ofSeconds(150)),   // begins while Kafka is dead
                        new FaultRun.Outage("l", ofMinutes(2), ofMinutes(10)),     // long: status reports due
                        new FaultRun.Outage("c", ofSeconds(200), ofSeconds(180)),  // while OpenSearch is dead
                        new FaultRun.Outage("d", ofSeconds(380), ofSeconds(180)),  // in the flood stage
                        new FaultRun.Outage("e", ofSeconds(560), ofSeconds(120)),  // one instance dead
                        new FaultRun.Outage("f", ofMinutes(13), ofSeconds(120)),   // mail still down
                        new FaultRun.Outage("g", ofSeconds(930), ofSeconds(120))), // after every fault
                ofMinutes(18),
                Map.of("mihari.incidents.first-report-due", "5m",
                        "mihari.sla.status-report-every", "4m",
                        "mihari.sla.reminder-before", "1m"));
        run(plan, "bench/faults.sh");
    }

    /** Runs the plan, counts, writes the report (results.md beside the logs) and fails on any defect. */
    static void run(FaultRun.Plan plan, String command) throws Exception {
        try (FaultRun run = new FaultRun(plan)) {
            run.start();
            run.runPlan();
            run.settle();
            FaultCount count = new FaultCount(run).count();
            StringBuilder report = new StringBuilder();
            report.append("### Faults under load (").append(plan.name()).append("), ")
                    .append(BenchReport.machine(run.clock)).append("\n\n");
            report.append("Command: `").append(command).append("`; ").append(plan.fleetTargets())
                    .append(" simulated targets at 10 s heartbeats (+ checks, resource samples, batch runs), one real"
                            + " monitor-agent, ").append(plan.alertInstances()).append(" alert-service instance(s),"
                            + " dashboard-api; Kafka 4.1.2 and OpenSearch 2.19.6 as child processes, GreenMail.\n\n");
            report.append("What happened (UTC):\n\n");
            run.happened.forEach(h -> report.append("- ").append(h.at()).append(" ").append(h.what()).append("\n"));
            report.append("\n").append(count.table());
            count.notes.forEach(n -> report.append("\n- ").append(n));
            count.defects.forEach(d -> report.append("\n- **defect**: ").append(d));
            report.append("\n");
            Files.writeString(run.logs.resolve("results.md"), report, StandardCharsets.UTF_8);
            System.out.println(report);
            assertThat(count.defects()).as(() -> "what the fault run found (" + run.logs.resolve("results.md")
                    + "); what happened: " + run.happened + "; what alert-service said of its horizon: "
                    + run.horizonLines()).isEmpty();
        }
    }
}
