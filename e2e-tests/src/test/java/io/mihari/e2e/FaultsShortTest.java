package io.mihari.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * Issue 18, the short fault run in the test suite (about 4 minutes): 200 simulated targets, the real agent, one
 * alert-service and dashboard-api; the Kafka broker SIGKILLed for 40 s while an outage begins, a second outage after
 * the recovery. Counted as the full run ({@link FaultsBenchmarkTest}) counts: nothing lost, duplicated or invented,
 * each outage one incident with its first report mailed once. It found the outage Mihari used to invent after its own
 * Kafka outage (the real agent's spool arrives on its backoff, after ingest sees again): see {@code Stalls}.
 */
class FaultsShortTest {

    @Test
    void kafkaKilledUnderTrafficLosesNothingAndInventsNothing() throws Exception {
        FaultRun.Plan plan = new FaultRun.Plan("short", 200, 1, List.of(
                FaultRun.killKafka(ofSeconds(20), ofSeconds(40)),
                FaultRun.restartKafka(ofSeconds(60))),
                // s1 begins while Kafka is dead and goes on for a minute after it is back (the silence must be
                // judged once Mihari sees again: 3 missed heartbeats); s2 after the recovery
                List.of(new FaultRun.Outage("s1", ofSeconds(30), ofSeconds(120)),
                        new FaultRun.Outage("s2", ofSeconds(160), ofSeconds(60))),
                ofSeconds(225),
                Map.of());
        FaultsBenchmarkTest.run(plan, "./mvnw verify (e2e-tests FaultsShortTest)");
    }
}
