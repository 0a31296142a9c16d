package io.mihari.agent.cloud;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector's configuration: what it reads, and a clear error naming the key for what it cannot. */
class CollectorConfigTest {

    @Test
    void readsEveryKindOfResource() {
        CollectorConfig c = CollectorConfig.parse("""
                {"tenant": "kurashiki", "region": "ap-northeast-1", "interval": "60s",
                 "targets": [{"host": "krs-hf-rds1", "rds": {"dbInstanceIdentifier": "krs-hf-rds1"}},
                             {"host": "krs-juki-alb1", "elb": {"targetGroupArn": "arn:tg"}},
                             {"host": "krs-ebs1", "cloudwatch": {"namespace": "AWS/EBS", "metric": "VolumeStalledIOCheck",
                              "dimensions": {"VolumeId": "vol-1"}, "failWhenAbove": 0}}]}
                """, "json");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.intervalGiven()).isTrue();
        assertThat(c.health()).isTrue();
        assertThat(c.endpointOverride()).isEmpty();
        assertThat(c.targets()).containsExactly(
                new CollectorConfig.Rds("krs-hf-rds1", "krs-hf-rds1"),
                new CollectorConfig.Elb("krs-juki-alb1", "arn:tg", java.util.Optional.empty()),
                new CollectorConfig.CloudWatchMetric("krs-ebs1", "AWS/EBS", "VolumeStalledIOCheck",
                        java.util.Map.of("VolumeId", "vol-1"), "Maximum", Duration.ofSeconds(60),
                        java.util.Optional.of(0.0), java.util.Optional.empty(), false));
    }

    @Test
    void badInputIsAClearErrorNamingTheKey() {
        assertProblem("tenant: kurashiki\nregion: r\ntargets: []", "targets: give at least one");
        assertProblem("region: r\ntargets: [{host: a, rds: {dbInstanceIdentifier: a}}]", "tenant: missing");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a}]",
                "targets[0]: give exactly one of rds, fsx, elb, cloudwatch (got none)");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a, rds: {dbInstanceIdentifier: a}, fsx: {fileSystemId: f}}]",
                "targets[0]: give exactly one of rds, fsx, elb, cloudwatch (got rds, fsx)");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a, rds: {dbInstanceId: a}}]",
                "targets[0].rds.dbInstanceId: unknown key");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a, cloudwatch: {namespace: n, metric: m}}]",
                "targets[0].cloudwatch.failWhenAbove or failWhenBelow: give at least one");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a, cloudwatch: {namespace: n, metric: m, failWhenAbove: x}}]",
                "targets[0].cloudwatch.failWhenAbove: expected a number, not 'x'");
        assertProblem("tenant: k\nregion: r\ninterval: soon\ntargets: [{host: a, rds: {dbInstanceIdentifier: a}}]",
                "interval: 'soon' is not a duration");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: a, rds: {dbInstanceIdentifier: a}},"
                + " {host: a, fsx: {fileSystemId: f}}]", "targets[1].host: 'a' is listed twice");
        assertProblem("tenant: k\nregion: r\nendpointOverride: not a url\ntargets: [{host: a, rds: {dbInstanceIdentifier: a}}]",
                "endpointOverride: 'not a url' is not a URL");
        assertProblem("tenant: k\nregion: r\ntargets: [{host: 'a b', rds: {dbInstanceIdentifier: a}}]",
                "targets[0].host 'a b' is not a valid name");
        assertProblem("tenant: k\nregion: r\ntarget: []", "target: unknown key");
        assertProblem("tenant: [", "not YAML/JSON");
    }

    static void assertProblem(String text, String problem) {
        assertThatThrownBy(() -> CollectorConfig.parse(text, "collector.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }
}
