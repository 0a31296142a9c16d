package io.mihari.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the AWS APIs {@code mihari-agent cloud-collect} asks, answering in their documented shapes
 * so the real AWS SDK v2 clients (with {@code endpointOverride}) can talk to it: RDS {@code DescribeDBInstances} and
 * ELBv2 {@code DescribeTargetHealth}/{@code DescribeLoadBalancers} (AWS Query: a form POST, XML answers), CloudWatch
 * {@code GetMetricData} (Smithy RPC v2 CBOR, the protocol SDK 2.59.1 uses for CloudWatch), FSx
 * {@code DescribeFileSystems} and AWS Health {@code DescribeEvents} (JSON 1.1, {@code X-Amz-Target}). It does not
 * check signatures. Each API can be made to fail ({@link Fault}). Not AWS: a test of the shapes, not of the service.
 */
public final class AwsApiDouble implements AutoCloseable {

    /** The APIs, as the double tells them apart. */
    public enum Api { RDS, ELB, CLOUDWATCH, FSX, HEALTH }

    /** How an API answers: normally, or with a server error, throttling, or an answer nobody can read. */
    public enum Fault { NONE, SERVER_ERROR, THROTTLING, MALFORMED }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> rds = new ConcurrentHashMap<>();
    private final Map<String, String> fsx = new ConcurrentHashMap<>();
    private final Map<String, List<String>> targetGroups = new ConcurrentHashMap<>();
    private final Map<String, String> loadBalancers = new ConcurrentHashMap<>();
    /** metric name → newest value (absent: no datapoint) */
    private final Map<String, Double> metrics = new ConcurrentHashMap<>();
    /** entity value → open issues' event type codes */
    private final Map<String, List<String>> issues = new ConcurrentHashMap<>();
    private final Map<Api, Fault> faults = new ConcurrentHashMap<>();
    private final Map<Api, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile Instant metricTime = Instant.parse("2026-01-01T00:00:00Z");

    private AwsApiDouble(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free local port. */
    public static AwsApiDouble start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AwsApiDouble api = new AwsApiDouble(server);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "aws-api-double");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the AWS API double", e);
        }
    }

    /** Where every API answers: the collector's {@code endpointOverride}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public AwsApiDouble rdsInstance(String id, String status) {
        rds.put(id, status);
        return this;
    }

    public AwsApiDouble fileSystem(String id, String lifecycle) {
        fsx.put(id, lifecycle);
        return this;
    }

    /** @param states each registered target's state, e.g. {@code healthy}, {@code unhealthy} */
    public AwsApiDouble targetGroup(String arn, String... states) {
        targetGroups.put(arn, List.of(states));
        return this;
    }

    public AwsApiDouble loadBalancer(String arn, String stateCode) {
        loadBalancers.put(arn, stateCode);
        return this;
    }

    /** The newest datapoint of a metric (by its name), stamped {@code at}; null: no datapoint. */
    public AwsApiDouble metric(String name, Double value, Instant at) {
        if (value == null) {
            metrics.remove(name);
        } else {
            metrics.put(name, value);
        }
        metricTime = at;
        return this;
    }

    /** Open AWS Health issues affecting an entity (none: an empty list). */
    public AwsApiDouble healthIssues(String entityValue, String... eventTypeCodes) {
        issues.put(entityValue, List.of(eventTypeCodes));
        return this;
    }

    public AwsApiDouble fault(Api api, Fault fault) {
        faults.put(api, fault);
        return this;
    }

    /** How many requests an API has had. */
    public int requests(Api api) {
        return requests.computeIfAbsent(api, a -> new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            if (target != null && target.startsWith("AWSSimbaAPIService")) {
                json(exchange, Api.FSX, body);
            } else if (target != null && target.startsWith("AWSHealth")) {
                json(exchange, Api.HEALTH, body);
            } else if (path.contains("/operation/")) {
                cbor(exchange, body, path);
            } else {
                query(exchange, new String(body, StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", ("double failed: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }

    private Fault count(Api api) {
        requests.computeIfAbsent(api, a -> new AtomicInteger()).incrementAndGet();
        return faults.getOrDefault(api, Fault.NONE);
    }

    // --- AWS Query (RDS, ELBv2): form parameters in, XML out ---

    private void query(HttpExchange exchange, String form) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String action = params.getOrDefault("Action", "");
        Api api = action.equals("DescribeDBInstances") ? Api.RDS : Api.ELB;
        String ns = api == Api.RDS ? "http://rds.amazonaws.com/doc/2014-10-31/"
                : "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
        Fault fault = count(api);
        if (fault != Fault.NONE) {
            queryFault(exchange, fault, ns);
            return;
        }
        String result;
        switch (action) {
            case "DescribeDBInstances" -> {
                String id = params.get("DBInstanceIdentifier");
                String status = rds.get(id);
                if (status == null) {
                    queryError(exchange, 404, "Sender", "DBInstanceNotFound", "DBInstance " + id + " not found.", ns);
                    return;
                }
                result = "<DBInstances><DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier>"
                        + "<DBInstanceClass>db.m5.large</DBInstanceClass><Engine>sqlserver-se</Engine>"
                        + "<DBInstanceStatus>" + status + "</DBInstanceStatus><MultiAZ>true</MultiAZ>"
                        + "</DBInstance></DBInstances>";
            }
            case "DescribeTargetHealth" -> {
                List<String> states = targetGroups.get(params.get("TargetGroupArn"));
                if (states == null) {
                    queryError(exchange, 400, "Sender", "TargetGroupNotFound", "One or more target groups not found", ns);
                    return;
                }
                StringBuilder members = new StringBuilder();
                for (int i = 0; i < states.size(); i++) {
                    members.append("<member><Target><Id>i-0000000000000000").append(i).append("</Id><Port>443</Port>")
                            .append("</Target><HealthCheckPort>443</HealthCheckPort><TargetHealth><State>")
                            .append(states.get(i)).append("</State></TargetHealth></member>");
                }
                result = "<TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>";
            }
            case "DescribeLoadBalancers" -> {
                String arn = params.get("LoadBalancerArns.member.1");
                String state = loadBalancers.get(arn);
                if (state == null) {
                    queryError(exchange, 400, "Sender", "LoadBalancerNotFound", "One or more load balancers not found", ns);
                    return;
                }
                result = "<LoadBalancers><member><LoadBalancerArn>" + arn + "</LoadBalancerArn><Type>application</Type>"
                        + "<State><Code>" + state + "</Code></State></member></LoadBalancers>";
            }
            default -> {
                queryError(exchange, 400, "Sender", "InvalidAction", "unknown action " + action, ns);
                return;
            }
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"" + ns + "\"><"
                + action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                + "00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></" + action + "Response>";
        send(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private void queryFault(HttpExchange exchange, Fault fault, String ns) throws IOException {
        switch (fault) {
            case SERVER_ERROR -> queryError(exchange, 503, "Receiver", "ServiceUnavailable", "Service unavailable", ns);
            case THROTTLING -> queryError(exchange, 400, "Sender", "Throttling", "Rate exceeded", ns);
            default -> send(exchange, 200, "text/xml", "<DescribeDBInstancesResponse><Describe".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void queryError(HttpExchange exchange, int status, String type, String code, String message, String ns)
            throws IOException {
        String xml = "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error><RequestId>00000000-0000-0000-0000-000000000001"
                + "</RequestId></ErrorResponse>";
        send(exchange, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    // --- JSON 1.1 (FSx, AWS Health) ---

    private void json(HttpExchange exchange, Api api, byte[] body) throws IOException {
        Fault fault = count(api);
        switch (fault) {
            case SERVER_ERROR -> {
                jsonAnswer(exchange, 500, Map.of("__type", "InternalServerError", "message", "internal error"));
                return;
            }
            case THROTTLING -> {
                jsonAnswer(exchange, 400, Map.of("__type", "ThrottlingException", "message", "Rate exceeded"));
                return;
            }
            case MALFORMED -> {
                send(exchange, 200, "application/x-amz-json-1.1", "{\"FileSystems\": [{\"Lif".getBytes(StandardCharsets.UTF_8));
                return;
            }
            default -> {
            }
        }
        JsonNode request = JSON.readTree(body);
        if (api == Api.FSX) {
            List<Object> systems = new ArrayList<>();
            for (JsonNode id : request.path("FileSystemIds")) {
                String lifecycle = fsx.get(id.asText());
                if (lifecycle == null) {
                    jsonAnswer(exchange, 400, Map.of("__type", "FileSystemNotFound", "Message",
                            "File system '" + id.asText() + "' does not exist."));
                    return;
                }
                systems.add(Map.of("FileSystemId", id.asText(), "FileSystemType", "WINDOWS", "Lifecycle", lifecycle));
            }
            jsonAnswer(exchange, 200, Map.of("FileSystems", systems));
        } else {
            List<Object> events = new ArrayList<>();
            for (JsonNode entity : request.path("filter").path("entityValues")) {
                for (String code : issues.getOrDefault(entity.asText(), List.of())) {
                    events.add(Map.of("arn", "arn:aws:health:global::event/" + code, "service", code.split("_")[1],
                            "eventTypeCode", code, "eventTypeCategory", "issue", "statusCode", "open",
                            "region", "ap-northeast-1"));
                }
            }
            jsonAnswer(exchange, 200, Map.of("events", events));
        }
    }

    private void jsonAnswer(HttpExchange exchange, int status, Object answer) throws IOException {
        send(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(answer));
    }

    // --- Smithy RPC v2 CBOR (CloudWatch GetMetricData) ---

    private void cbor(HttpExchange exchange, byte[] body, String path) throws IOException {
        Fault fault = count(Api.CLOUDWATCH);
        exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        switch (fault) {
            case SERVER_ERROR -> {
                send(exchange, 500, "application/cbor", Cbor.map(Map.of("__type",
                        "com.amazonaws.cloudwatch#InternalServiceFault", "message", "internal error")));
                return;
            }
            case THROTTLING -> {
                send(exchange, 400, "application/cbor", Cbor.map(Map.of("__type",
                        "com.amazonaws.cloudwatch#LimitExceededException", "message", "Rate exceeded")));
                return;
            }
            case MALFORMED -> {
                send(exchange, 200, "application/cbor", new byte[]{(byte) 0xbf, 0x61, 'M', (byte) 0x9f, 0x01});
                return;
            }
            default -> {
            }
        }
        if (!path.endsWith("/GetMetricData")) {
            send(exchange, 400, "application/cbor", Cbor.map(Map.of("__type", "UnknownOperation", "message", path)));
            return;
        }
        // the metric is named in the request's CBOR as plain UTF-8 text
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        String metric = metrics.keySet().stream().filter(raw::contains).findFirst().orElse(null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Id", "m0");
        result.put("Label", metric == null ? "?" : metric);
        result.put("Timestamps", metric == null ? List.of() : List.of(new Cbor.Timestamp(metricTime)));
        result.put("Values", metric == null ? List.of() : List.of(metrics.get(metric)));
        result.put("StatusCode", "Complete");
        send(exchange, 200, "application/cbor", Cbor.map(Map.of("MetricDataResults", List.of(result),
                "Messages", List.of())));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-000000000002");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Just enough CBOR (RFC 8949) for the answers: maps, texts, lists, numbers and epoch-seconds timestamps. */
    static final class Cbor {
        record Timestamp(Instant at) {
        }

        static byte[] map(Map<String, ?> map) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, map);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            if (value instanceof String s) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                head(out, 3, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof Map<?, ?> m) {
                head(out, 5, m.size());
                m.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            } else if (value instanceof List<?> l) {
                head(out, 4, l.size());
                l.forEach(v -> write(out, v));
            } else if (value instanceof Timestamp t) {
                head(out, 6, 1); // tag 1: epoch-based date/time
                write(out, t.at().toEpochMilli() / 1000.0);
            } else if (value instanceof Number n) {
                long bits = Double.doubleToLongBits(n.doubleValue());
                out.write(0xfb);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift) & 0xff);
                }
            } else {
                throw new IllegalArgumentException("no CBOR for " + value);
            }
        }

        private static void head(ByteArrayOutputStream out, int major, long length) {
            int m = major << 5;
            if (length < 24) {
                out.write(m | (int) length);
            } else if (length < 256) {
                out.write(m | 24);
                out.write((int) length);
            } else {
                out.write(m | 25);
                out.write((int) (length >> 8) & 0xff);
                out.write((int) length & 0xff);
            }
        }
    }
}
