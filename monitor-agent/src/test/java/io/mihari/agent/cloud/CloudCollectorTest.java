package io.mihari.agent.cloud;

import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.testsupport.AwsApiDouble;
import io.mihari.testsupport.AwsApiDouble.Api;
import io.mihari.testsupport.AwsApiDouble.Fault;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector with the real AWS SDK clients against {@link AwsApiDouble}, a local server answering the documented
 * API shapes (RDS and ELBv2 Query/XML, CloudWatch RPC v2 CBOR, FSx and AWS Health JSON 1.1).
 */
class CloudCollectorTest {

    static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");
    static final String TG = "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:targetgroup/krs-juki/0123456789abcdef";
    static final String LB = "arn:aws:elasticloadbalancing:ap-northeast-1:111122223333:loadbalancer/app/krs-juki-alb1/0123456789abcdef";

    static AwsApiDouble aws;
    static AwsCloudApi api;

    MutableClock clock;
    CollectorMetrics metrics;
    CloudCollector collector;

    @BeforeAll
    static void startDouble() {
        aws = AwsApiDouble.start();
        api = new AwsCloudApi("ap-northeast-1", java.util.Optional.of(aws.url()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "test-secret-only")));
    }

    @AfterAll
    static void stopDouble() {
        api.close();
        aws.close();
    }

    @BeforeEach
    void healthyCity() {
        for (Api a : Api.values()) {
            aws.fault(a, Fault.NONE);
        }
        aws.rdsInstance("krs-hf-rds1", "available").fileSystem("fs-0123", "AVAILABLE")
                .targetGroup(TG, "healthy", "healthy").loadBalancer(LB, "active")
                .metric("VolumeStalledIOCheck", 0.0, NOW.minusSeconds(60))
                .metric("ReplicationLatency", 120.0, NOW.minusSeconds(60))
                .healthIssues("krs-hf-rds1");
        clock = new MutableClock(NOW);
        metrics = new CollectorMetrics();
        collector = collector(true);
    }

    CloudCollector collector(boolean health) {
        CollectorConfig config = CollectorConfig.parse("""
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: %s
                interval: 10s
                health: %s
                targets:
                  - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
                  - {host: krs-hf-fsx1, fsx: {fileSystemId: fs-0123}}
                  - {host: krs-juki-alb1, elb: {targetGroupArn: '%s', loadBalancerArn: '%s'}}
                  - host: krs-ebs1
                    cloudwatch: {namespace: AWS/EBS, metric: VolumeStalledIOCheck, dimensions: {VolumeId: vol-1}, failWhenAbove: 0}
                  - host: krs-s3-repl1
                    cloudwatch: {namespace: AWS/S3, metric: ReplicationLatency, statistic: Maximum, period: 5m,
                                 dimensions: {SourceBucket: krs-data, DestinationBucket: krs-data-osaka, RuleId: all},
                                 failWhenAbove: 900}
                """.formatted(aws.url(), health, TG, LB), "test");
        Map<String, String> systems = config.targets().stream()
                .collect(Collectors.toMap(CollectorConfig.Resource::host, r -> "cloud"));
        return new CloudCollector(config, systems, api, clock, metrics);
    }

    /** host → the check's status and message, from one poll's events. */
    static Map<String, String> checks(List<Event> events) {
        return events.stream().filter(e -> e.type() == EventType.CHECK_RESULT).collect(Collectors.toMap(Event::host,
                e -> ((CheckResult) e.payload()).status() + " " + ((CheckResult) e.payload()).message()));
    }

    static List<String> heartbeats(List<Event> events) {
        return events.stream().filter(e -> e.type() == EventType.HEARTBEAT).map(Event::host).toList();
    }

    @Test
    void availableComponentsSendAHeartbeatAndAPassingCheckEach() {
        List<Event> events = collector.poll();

        assertThat(heartbeats(events)).containsExactly("krs-hf-rds1", "krs-hf-fsx1", "krs-juki-alb1", "krs-ebs1",
                "krs-s3-repl1");
        assertThat(checks(events)).containsOnly(
                Map.entry("krs-hf-rds1", "UP RDS status 'available'"),
                Map.entry("krs-hf-fsx1", "UP FSx lifecycle 'AVAILABLE'"),
                Map.entry("krs-juki-alb1", "UP ELB target group: 2 of 2 healthy"),
                Map.entry("krs-ebs1", "UP AWS/EBS VolumeStalledIOCheck (Maximum) = 0.0"),
                Map.entry("krs-s3-repl1", "UP AWS/S3 ReplicationLatency (Maximum) = 120.0"));
        Event first = events.get(0);
        assertThat(first.tenant()).isEqualTo("kurashiki");
        assertThat(first.system()).isEqualTo("cloud");
        assertThat(first.agentId()).isEqualTo(CloudCollector.AGENT_ID);
        assertThat(first.occurredAt()).isEqualTo(NOW);
        assertThat(((Heartbeat) first.payload())).isEqualTo(new Heartbeat(10, CloudCollector.AGENT_VERSION));
        assertThat(events).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
        assertThat(metrics.polls()).isEqualTo(1);
        assertThat(metrics.lastSuccess("krs-hf-rds1")).isEqualTo(NOW);
        assertThat(metrics.text()).contains("mihari_collector_polls_total 1",
                "mihari_collector_last_success_seconds{host=\"krs-ebs1\"} " + NOW.getEpochSecond());
    }

    @Test
    void unavailableFailoverAndStorageFullAreFailingChecksWithWhatWasSeen() {
        aws.rdsInstance("krs-hf-rds1", "storage-full").fileSystem("fs-0123", "MISCONFIGURED_UNAVAILABLE")
                .targetGroup(TG, "unhealthy", "draining").metric("VolumeStalledIOCheck", 1.0, NOW.minusSeconds(60))
                .metric("ReplicationLatency", 1800.0, NOW.minusSeconds(60));

        List<Event> events = collector.poll();

        assertThat(heartbeats(events)).hasSize(5); // the state was read: the collector was heard
        assertThat(checks(events)).containsOnly(
                Map.entry("krs-hf-rds1", "DOWN RDS status 'storage-full'"),
                Map.entry("krs-hf-fsx1", "DOWN FSx lifecycle 'MISCONFIGURED_UNAVAILABLE'"),
                Map.entry("krs-juki-alb1", "DOWN ELB target group: 0 of 2 healthy"),
                Map.entry("krs-ebs1", "DOWN AWS/EBS VolumeStalledIOCheck (Maximum) = 1.0 (above 0.0)"),
                Map.entry("krs-s3-repl1", "DOWN AWS/S3 ReplicationLatency (Maximum) = 1800.0 (above 900.0)"));

        aws.rdsInstance("krs-hf-rds1", "unavailable").loadBalancer(LB, "failed").targetGroup(TG, "healthy", "unhealthy");
        clock.advance(Duration.ofSeconds(10));
        assertThat(checks(collector.poll())).contains(
                Map.entry("krs-hf-rds1", "DOWN RDS status 'unavailable'"),
                Map.entry("krs-juki-alb1", "DOWN ELB state 'failed'; ELB target group: 1 of 2 healthy"));

        aws.rdsInstance("krs-hf-rds1", "rebooting").loadBalancer(LB, "active"); // a Multi-AZ failover reboots
        clock.advance(Duration.ofSeconds(10));
        assertThat(checks(collector.poll())).contains(
                Map.entry("krs-hf-rds1", "DOWN RDS status 'rebooting'"),
                Map.entry("krs-juki-alb1", "UP ELB target group: 1 of 2 healthy")); // one AZ still serves
    }

    @Test
    void anOpenAwsHealthIssueFailsTheComponentAndAHealthApiFailureLeavesTheStateToDecide() {
        aws.healthIssues("krs-hf-rds1", "AWS_RDS_OPERATIONAL_ISSUE");
        assertThat(checks(collector.poll())).containsEntry("krs-hf-rds1",
                "DOWN AWS Health: open issue AWS_RDS_OPERATIONAL_ISSUE");

        aws.healthIssues("krs-hf-rds1").fault(Api.HEALTH, Fault.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(10));
        List<Event> events = collector.poll();
        assertThat(heartbeats(events)).hasSize(5);
        assertThat(checks(events).get("krs-hf-rds1")).startsWith("UP RDS status 'available'; AWS Health not read"
                + " (AWS Health DescribeEvents: HTTP 500 InternalServerError: internal error)");
    }

    @Test
    void serverErrorsAndThrottlingSendNoHeartbeatAndAreAskedAgainNextInterval() {
        aws.fault(Api.RDS, Fault.SERVER_ERROR).fault(Api.FSX, Fault.THROTTLING).fault(Api.CLOUDWATCH, Fault.THROTTLING)
                .fault(Api.ELB, Fault.SERVER_ERROR);
        int rdsAsked = aws.requests(Api.RDS);

        List<Event> events = collector.poll();

        assertThat(events).isEmpty(); // nothing read, nothing said: never UP on a guess
        assertThat(aws.requests(Api.RDS)).as("no retry inside a poll").isEqualTo(rdsAsked + 1);
        assertThat(metrics.failures("krs-hf-rds1")).isEqualTo(1);
        assertThat(metrics.lastSuccess("krs-hf-rds1")).isNull();

        for (Api a : Api.values()) {
            aws.fault(a, Fault.NONE);
        }
        clock.advance(Duration.ofSeconds(10));
        List<Event> next = collector.poll();
        assertThat(aws.requests(Api.RDS)).isEqualTo(rdsAsked + 2);
        assertThat(heartbeats(next)).hasSize(5);
        assertThat(next.get(0).occurredAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(metrics.lastSuccess("krs-hf-rds1")).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void aFailingApiSilencesOnlyItsOwnComponents() {
        aws.fault(Api.CLOUDWATCH, Fault.SERVER_ERROR);
        List<Event> events = collector.poll();
        assertThat(heartbeats(events)).containsExactly("krs-hf-rds1", "krs-hf-fsx1", "krs-juki-alb1");
    }

    @Test
    void malformedAnswersAreNotACrashButNoHeartbeat() {
        aws.fault(Api.RDS, Fault.MALFORMED).fault(Api.FSX, Fault.MALFORMED).fault(Api.CLOUDWATCH, Fault.MALFORMED);
        List<Event> events = collector.poll();
        assertThat(heartbeats(events)).containsExactly("krs-juki-alb1");
        assertThat(metrics.failures("krs-hf-rds1")).isEqualTo(1);
        assertThat(metrics.failures("krs-hf-fsx1")).isEqualTo(1);
        assertThat(metrics.failures("krs-ebs1")).isEqualTo(1);
    }

    @Test
    void anUnknownResourceOrAMissingDatapointIsSaidPlainly() {
        aws.metric("VolumeStalledIOCheck", null, NOW);
        CollectorConfig config = CollectorConfig.parse("""
                tenant: kurashiki
                region: ap-northeast-1
                health: false
                targets:
                  - {host: krs-hf-rds2, rds: {dbInstanceIdentifier: krs-hf-rds2}}
                  - {host: krs-ebs1, cloudwatch: {namespace: AWS/EBS, metric: VolumeStalledIOCheck, failWhenAbove: 0}}
                """, "test");
        CloudCollector c = new CloudCollector(config, Map.of("krs-hf-rds2", "cloud", "krs-ebs1", "cloud"), api, clock,
                metrics);
        List<Event> events = c.poll();
        assertThat(heartbeats(events)).containsExactly("krs-ebs1"); // krs-hf-rds2: DBInstanceNotFound, not read
        assertThat(checks(events)).containsOnly(Map.entry("krs-ebs1",
                "DOWN AWS/EBS VolumeStalledIOCheck (Maximum): no datapoint in the last 5 min"));
        assertThat(metrics.failures("krs-hf-rds2")).isEqualTo(1);
    }

    @Test
    void anUnreachableApiSendsNothing() {
        CollectorConfig config = CollectorConfig.parse("""
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: http://127.0.0.1:1
                targets:
                  - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
                  - {host: krs-hf-fsx1, fsx: {fileSystemId: fs-0123}}
                """, "test");
        try (AwsCloudApi nowhere = new AwsCloudApi("ap-northeast-1", config.endpointOverride(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "test-secret-only")))) {
            CloudCollector c = new CloudCollector(config, Map.of("krs-hf-rds1", "cloud", "krs-hf-fsx1", "cloud"),
                    nowhere, clock, metrics);
            assertThat(c.poll()).isEmpty();
            assertThat(metrics.failures("krs-hf-rds1")).isEqualTo(1);
            assertThat(metrics.failures("krs-hf-fsx1")).isEqualTo(1);
        }
    }
}
