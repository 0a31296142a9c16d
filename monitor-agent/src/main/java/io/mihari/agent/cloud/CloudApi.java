package io.mihari.agent.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud's APIs as the collector asks them. Every method either answers or throws {@link CloudApiException}
 * (not reachable, an error status, throttled, an answer it cannot read): the collector then knows nothing about the
 * resource and sends nothing for it.
 */
public interface CloudApi extends AutoCloseable {

    /** RDS DescribeDBInstances: the instance's {@code DBInstanceStatus}, e.g. {@code available}. */
    String rdsStatus(String dbInstanceIdentifier);

    /** FSx DescribeFileSystems: the file system's {@code Lifecycle}, e.g. {@code AVAILABLE}. */
    String fsxLifecycle(String fileSystemId);

    /** ELBv2 DescribeTargetHealth: each registered target's state ({@code healthy}, {@code unhealthy}, ...). */
    List<String> targetStates(String targetGroupArn);

    /** ELBv2 DescribeLoadBalancers: the load balancer's state code, e.g. {@code active}. */
    String loadBalancerState(String loadBalancerArn);

    /** CloudWatch GetMetricData: the newest datapoint in [{@code now - window}, {@code now}], if any. */
    Optional<Double> latest(String namespace, String metric, Map<String, String> dimensions, String statistic,
            Duration period, Instant now, Duration window);

    /** AWS Health DescribeEvents: the event type codes of open issues affecting any of these entities. */
    List<String> openIssues(List<String> entityValues);

    @Override
    void close();

    /** The API could not answer this question. */
    final class CloudApiException extends RuntimeException {
        public CloudApiException(String message, Throwable cause) {
            super(message, cause);
        }

        public CloudApiException(String message) {
            super(message);
        }
    }
}
