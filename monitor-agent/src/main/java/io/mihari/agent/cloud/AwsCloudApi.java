package io.mihari.agent.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CloudApi} on AWS: RDS, ELBv2 and CloudWatch through the AWS SDK v2 clients; FSx and AWS Health (whose SDK
 * modules are not served by the registry this project builds from) as their documented JSON 1.1 calls, signed with
 * the SDK's SigV4 signer. Credentials come from the given provider (the SDK's default chain in a run: IRSA, instance
 * profile, environment). No retries inside a poll: a failed call is asked again at the next interval.
 */
public final class AwsCloudApi implements CloudApi {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> UNSIGNABLE = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final RdsClient rds;
    private final ElasticLoadBalancingV2Client elb;
    private final CloudWatchClient cloudWatch;
    private final HttpClient jsonHttp;

    public AwsCloudApi(String region, Optional<URI> endpointOverride, AwsCredentialsProvider credentials) {
        this.region = Region.of(region);
        this.endpoint = endpointOverride;
        this.credentials = credentials;
        this.http = ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(CALL_TIMEOUT)
                .build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT).build();
        var rdsBuilder = RdsClient.builder().region(this.region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(override);
        var elbBuilder = ElasticLoadBalancingV2Client.builder().region(this.region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(override);
        var cwBuilder = CloudWatchClient.builder().region(this.region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(override);
        endpointOverride.ifPresent(uri -> {
            rdsBuilder.endpointOverride(uri);
            elbBuilder.endpointOverride(uri);
            cwBuilder.endpointOverride(uri);
        });
        this.rds = rdsBuilder.build();
        this.elb = elbBuilder.build();
        this.cloudWatch = cwBuilder.build();
        this.jsonHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String rdsStatus(String id) {
        List<DBInstance> instances = call("RDS DescribeDBInstances",
                () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances());
        DBInstance instance = instances.stream().filter(i -> id.equals(i.dbInstanceIdentifier())).findFirst()
                .orElseThrow(() -> new CloudApiException("RDS DescribeDBInstances: no instance '" + id + "' in the answer"));
        return required(instance.dbInstanceStatus(), "RDS DescribeDBInstances: no DBInstanceStatus for '" + id + "'");
    }

    @Override
    public List<String> targetStates(String targetGroupArn) {
        List<TargetHealthDescription> targets = call("ELB DescribeTargetHealth",
                () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions());
        List<String> states = new ArrayList<>();
        for (TargetHealthDescription t : targets) {
            states.add(t.targetHealth() == null ? "unknown" : required(t.targetHealth().stateAsString(),
                    "ELB DescribeTargetHealth: a target without a state"));
        }
        return states;
    }

    @Override
    public String loadBalancerState(String arn) {
        List<LoadBalancer> balancers = call("ELB DescribeLoadBalancers",
                () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers());
        LoadBalancer lb = balancers.stream().filter(b -> arn.equals(b.loadBalancerArn())).findFirst()
                .orElseThrow(() -> new CloudApiException("ELB DescribeLoadBalancers: no load balancer '" + arn
                        + "' in the answer"));
        if (lb.state() == null) {
            throw new CloudApiException("ELB DescribeLoadBalancers: no State for '" + arn + "'");
        }
        return required(lb.state().codeAsString(), "ELB DescribeLoadBalancers: no State.Code for '" + arn + "'");
    }

    @Override
    public Optional<Double> latest(String namespace, String metric, Map<String, String> dimensions, String statistic,
            Duration period, Instant now, Duration window) {
        MetricDataQuery query = MetricDataQuery.builder().id("m0").returnData(true)
                .metricStat(MetricStat.builder().stat(statistic).period((int) period.toSeconds())
                        .metric(Metric.builder().namespace(namespace).metricName(metric)
                                .dimensions(dimensions.entrySet().stream()
                                        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
                                        .toList()).build()).build()).build();
        GetMetricDataResponse answer = call("CloudWatch GetMetricData", () -> cloudWatch.getMetricData(r -> r
                .startTime(now.minus(window)).endTime(now).scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(query)));
        MetricDataResult result = answer.metricDataResults().stream().filter(m -> "m0".equals(m.id())).findFirst()
                .orElseThrow(() -> new CloudApiException("CloudWatch GetMetricData: no result m0 in the answer"));
        if (result.values().isEmpty()) {
            return Optional.empty();
        }
        if (result.timestamps().size() != result.values().size()) {
            throw new CloudApiException("CloudWatch GetMetricData: " + result.timestamps().size() + " timestamps for "
                    + result.values().size() + " values");
        }
        int newest = 0;
        for (int i = 1; i < result.timestamps().size(); i++) {
            if (result.timestamps().get(i).isAfter(result.timestamps().get(newest))) {
                newest = i;
            }
        }
        return Optional.ofNullable(result.values().get(newest));
    }

    @Override
    public String fsxLifecycle(String fileSystemId) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("FileSystemIds").add(fileSystemId);
        JsonNode answer = json1_1("fsx", "FSx DescribeFileSystems", "AWSSimbaAPIService_v20180301.DescribeFileSystems",
                URI.create("https://fsx." + region.id() + ".amazonaws.com/"), body);
        for (JsonNode fs : answer.path("FileSystems")) {
            if (fileSystemId.equals(fs.path("FileSystemId").asText())) {
                String lifecycle = fs.path("Lifecycle").asText("");
                if (lifecycle.isBlank()) {
                    throw new CloudApiException("FSx DescribeFileSystems: no Lifecycle for '" + fileSystemId + "'");
                }
                return lifecycle;
            }
        }
        throw new CloudApiException("FSx DescribeFileSystems: no file system '" + fileSystemId + "' in the answer");
    }

    @Override
    public List<String> openIssues(List<String> entityValues) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode filter = body.putObject("filter");
        entityValues.forEach(filter.putArray("entityValues")::add);
        filter.putArray("eventStatusCodes").add("open");
        filter.putArray("eventTypeCategories").add("issue");
        // AWS Health's global endpoint (aws partition) is in us-east-1, whatever the resources' region
        JsonNode answer = json1_1("health", "AWS Health DescribeEvents", "AWSHealth_20160804.DescribeEvents",
                URI.create("https://health.us-east-1.amazonaws.com/"), body);
        JsonNode events = answer.get("events");
        if (events != null && !events.isArray()) {
            throw new CloudApiException("AWS Health DescribeEvents: 'events' is not a list");
        }
        List<String> codes = new ArrayList<>();
        if (events != null) {
            for (JsonNode e : events) {
                codes.add(e.path("eventTypeCode").asText("(no eventTypeCode)"));
            }
        }
        return codes;
    }

    /** One signed JSON 1.1 call (POST /, X-Amz-Target), its answer's JSON or a {@link CloudApiException}. */
    private JsonNode json1_1(String signingName, String what, String target, URI defaultEndpoint, ObjectNode body) {
        URI uri = endpoint.map(e -> e.resolve("/")).orElse(defaultEndpoint);
        String payload = body.toString();
        String signingRegion = "health".equals(signingName) && endpoint.isEmpty() ? "us-east-1" : region.id();
        try {
            SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                    .putHeader("Content-Type", "application/x-amz-json-1.1").putHeader("X-Amz-Target", target).build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                    .request(unsigned).payload(ContentStreamProvider.fromUtf8String(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
            signed.request().headers().forEach((name, values) -> {
                if (!UNSIGNABLE.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<String> response = jsonHttp.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer;
            try {
                answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CloudApiException(what + ": HTTP " + response.statusCode() + ", not JSON: "
                        + clip(response.body()));
            }
            if (response.statusCode() != 200) {
                String type = answer.path("__type").asText(answer.path("code").asText("?"));
                throw new CloudApiException(what + ": HTTP " + response.statusCode() + " " + type.replaceAll(".*#", "")
                        + ": " + clip(answer.path("message").asText(answer.path("Message").asText(""))));
            }
            if (!answer.isObject()) {
                throw new CloudApiException(what + ": the answer is not a JSON object: " + clip(response.body()));
            }
            return answer;
        } catch (IOException e) {
            throw new CloudApiException(what + ": " + uri + " not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudApiException(what + ": interrupted", e);
        } catch (SdkException e) {
            throw new CloudApiException(what + ": " + e.getMessage(), e);
        }
    }

    private static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new CloudApiException(what + ": " + clip(e.getMessage()), e);
        } catch (RuntimeException e) { // a malformed answer the SDK could not read
            throw new CloudApiException(what + ": cannot read the answer: " + clip(String.valueOf(e)), e);
        }
    }

    private static String required(String value, String problem) {
        if (value == null || value.isBlank()) {
            throw new CloudApiException(problem);
        }
        return value;
    }

    static String clip(String text) {
        String t = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    @Override
    public void close() {
        rds.close();
        elb.close();
        cloudWatch.close();
        http.close();
    }
}
