package io.mihari.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks Kubernetes objects against the Kubernetes API's schema, strictly, the way the API server's strict field
 * validation ({@code kubectl apply --validate=strict}) judges them: a field the schema does not have, a value of the
 * wrong type, a missing required field, a malformed quantity ({@code 512Mb}) or an apiVersion/kind the API does not
 * serve is a problem, reported with the object and the path of the field
 * ({@code Deployment mihari/alert-service: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem:
 * unknown field (did you mean readOnlyRootFilesystem?)}).
 *
 * <p>The schema is the Kubernetes API's OpenAPI document as the Kubernetes project's own Java client states it: the
 * models of {@code io.kubernetes:client-java-api} are generated from that document, one class per definition, with
 * every property as a field ({@code @SerializedName}), its type, and the lists {@code openapiFields} and
 * {@code openapiRequiredFields}. The client's version fixes the Kubernetes version (pom.xml). What this does not
 * check, as no schema does: values the API server validates beyond types (a name's format, a port range, an
 * unknown Secret).
 */
final class KubernetesSchema {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** The API groups Mihari's manifests use: apiVersion/kind → the model of that definition. */
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", "V1Namespace"),
            Map.entry("v1/ConfigMap", "V1ConfigMap"),
            Map.entry("v1/Secret", "V1Secret"),
            Map.entry("v1/Service", "V1Service"),
            Map.entry("v1/ServiceAccount", "V1ServiceAccount"),
            Map.entry("v1/PersistentVolumeClaim", "V1PersistentVolumeClaim"),
            Map.entry("apps/v1/Deployment", "V1Deployment"),
            Map.entry("apps/v1/StatefulSet", "V1StatefulSet"),
            Map.entry("policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy"),
            Map.entry("networking.k8s.io/v1/Ingress", "V1Ingress"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"),
            Map.entry("rbac.authorization.k8s.io/v1/Role", "V1Role"),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", "V1RoleBinding"));

    /** Per model: JSON property name → Java field. */
    private static final Map<Class<?>, Map<String, Field>> PROPERTIES = new ConcurrentHashMap<>();

    private KubernetesSchema() {
    }

    /** A short name for messages: {@code Deployment mihari/alert-service}. */
    static String describe(JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText("");
        return object.path("kind").asText("?") + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + object.path("metadata").path("name").asText("?");
    }

    /** Every problem of one object (empty when it is valid). */
    static List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String who = describe(object);
        if (!object.isObject()) {
            problems.add("a document that is not an object: " + object);
            return problems;
        }
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(who + ": apiVersion and kind are required");
            return problems;
        }
        String model = KINDS.get(apiVersion + "/" + kind);
        if (model == null) {
            problems.add(who + ": apiVersion " + apiVersion + " kind " + kind + " is not one of the kinds checked "
                    + "here " + KINDS.keySet() + " (a kind of another API version, or add it to KubernetesSchema)");
            return problems;
        }
        if (object.path("metadata").path("name").asText("").isEmpty()) {
            problems.add(who + ": metadata.name: required");
        }
        check(object, model(model), "", who, problems);
        return problems;
    }

    private static Class<?> model(String simpleName) {
        try {
            return Class.forName(MODELS + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no model " + simpleName + " in io.kubernetes:client-java-api", e);
        }
    }

    private static void check(JsonNode node, Type type, String path, String who, List<String> problems) {
        if (node == null || node.isNull()) {
            return; // null is "not set" for the API server
        }
        Class<?> raw = raw(type);
        String at = who + ": " + (path.isEmpty() ? "(the object)" : path) + ": ";
        if (raw == String.class) {
            if (!node.isTextual()) {
                problems.add(at + "expected a string, got " + kindOf(node) + " " + node
                        + (node.isValueNode() ? " (quote it)" : ""));
            }
        } else if (raw == Integer.class || raw == int.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                problems.add(at + "expected an integer (int32), got " + kindOf(node) + " " + node);
            }
        } else if (raw == Long.class || raw == long.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                problems.add(at + "expected an integer (int64), got " + kindOf(node) + " " + node);
            }
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (!node.isBoolean()) {
                problems.add(at + "expected true or false, got " + kindOf(node) + " " + node);
            }
        } else if (raw == Double.class || raw == Float.class || raw == BigDecimal.class) {
            if (!node.isNumber()) {
                problems.add(at + "expected a number, got " + kindOf(node) + " " + node);
            }
        } else if (raw == OffsetDateTime.class) {
            try {
                OffsetDateTime.parse(node.asText());
            } catch (DateTimeParseException e) {
                problems.add(at + "expected a date-time (RFC 3339), got " + node);
            }
        } else if (raw == byte[].class) {
            try {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException();
                }
                Base64.getMimeDecoder().decode(node.asText());
            } catch (IllegalArgumentException e) {
                problems.add(at + "expected base64 data, got " + node);
            }
        } else if (raw == IntOrString.class) {
            if (!node.isTextual() && !(node.isIntegralNumber() && node.canConvertToInt())) {
                problems.add(at + "expected an integer or a string, got " + kindOf(node) + " " + node);
            }
        } else if (raw == Quantity.class) {
            if (!node.isTextual() && !node.isNumber()) {
                problems.add(at + "expected a quantity (e.g. 500m, 1Gi), got " + kindOf(node) + " " + node);
            } else {
                try {
                    Quantity.fromString(node.asText());
                } catch (RuntimeException e) {
                    problems.add(at + "not a quantity: " + node + " (e.g. 500m, 2, 512Mi, 1Gi)");
                }
            }
        } else if (raw == Object.class) {
            // free-form (RawExtension and the like): anything
        } else if (List.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                problems.add(at + "expected a list, got " + kindOf(node));
                return;
            }
            Type item = argument(type, 0);
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), item, path + "[" + i + "]", who, problems);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                problems.add(at + "expected a map, got " + kindOf(node));
                return;
            }
            Type value = argument(type, 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                check(e.getValue(), value, path + "[" + e.getKey() + "]", who, problems);
            }
        } else if (raw.isEnum()) {
            if (!node.isTextual()) {
                problems.add(at + "expected a string, got " + kindOf(node));
            }
        } else if (raw.getName().startsWith(MODELS)) {
            checkModel(node, raw, path, who, problems);
        } else {
            throw new IllegalStateException("KubernetesSchema does not know the type " + type + " of " + at);
        }
    }

    private static void checkModel(JsonNode node, Class<?> model, String path, String who, List<String> problems) {
        String at = who + ": " + (path.isEmpty() ? "" : path + ".");
        if (!node.isObject()) {
            problems.add(who + ": " + path + ": expected an object (" + model.getSimpleName() + "), got "
                    + kindOf(node) + " " + node);
            return;
        }
        Map<String, Field> properties = properties(model);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field field = properties.get(e.getKey());
            if (field == null) {
                problems.add(at + e.getKey() + ": unknown field (" + model.getSimpleName() + " has no such property"
                        + suggestion(e.getKey(), properties.keySet()).map(s -> "; did you mean " + s + "?")
                                .orElse("") + ")");
                continue;
            }
            check(e.getValue(), field.getGenericType(), at.substring(who.length() + 2) + e.getKey(), who, problems);
        }
        for (String required : requiredFields(model)) {
            if (node.path(required).isMissingNode() || node.path(required).isNull()) {
                problems.add(at + required + ": required (" + model.getSimpleName() + ")");
            }
        }
    }

    private static Map<String, Field> properties(Class<?> model) {
        return PROPERTIES.computeIfAbsent(model, m -> {
            Map<String, Field> byName = new LinkedHashMap<>();
            for (Field f : m.getDeclaredFields()) {
                SerializedName name = f.getAnnotation(SerializedName.class);
                if (name != null && !Modifier.isStatic(f.getModifiers())) {
                    byName.put(name.value(), f);
                }
            }
            Set<String> declared = staticSet(m, "openapiFields");
            if (!declared.equals(byName.keySet())) {
                throw new IllegalStateException(m.getSimpleName() + ": the fields " + byName.keySet()
                        + " differ from openapiFields " + declared + ": a client-java-api this code does not know");
            }
            return byName;
        });
    }

    private static Set<String> requiredFields(Class<?> model) {
        return staticSet(model, "openapiRequiredFields");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> model, String name) {
        try {
            return (Set<String>) model.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getSimpleName() + " has no " + name, e);
        }
    }

    /** The closest property name: same letters in another case, or at most two edits away. */
    static Optional<String> suggestion(String unknown, Set<String> known) {
        return known.stream()
                .filter(k -> k.equalsIgnoreCase(unknown) || distance(k.toLowerCase(Locale.ROOT),
                        unknown.toLowerCase(Locale.ROOT)) <= 2)
                .min(Comparator.comparingInt(k -> distance(k, unknown)));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String kindOf(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "an object" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unexpected type " + type);
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
