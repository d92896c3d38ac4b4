package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Maps a resource onto its model class and refuses any field the class does not define. The model
 * classes are lenient by design (fabric8 and Strimzi keep unknown fields in additionalProperties,
 * the operator's spec classes ignore them), which would let a misspelt field through silently.
 */
final class StrictModel {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
                    return super.findPropertyIgnoralByName(config, a).withoutIgnoreUnknown();
                }
            });

    private StrictModel() {}

    static <T> T map(JsonNode doc, Class<T> type, String where) throws Exception {
        T value = MAPPER.treeToValue(doc, type);
        assertNoUnknownFields(value, where + " " + type.getSimpleName(), new IdentityHashMap<>());
        return value;
    }

    private static void assertNoUnknownFields(Object o, String path, IdentityHashMap<Object, Boolean> seen)
            throws Exception {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                assertNoUnknownFields(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                assertNoUnknownFields(e.getValue(), path + "." + e.getKey(), seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.kubernetes.api.model")
                || pkg.startsWith("io.strimzi.api")
                || pkg.startsWith("org.apache.flink.kubernetes.operator.api"))) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")
                    || m.getDeclaringClass().getPackageName().startsWith("io.fabric8.kubernetes.client")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = path + "." + Character.toLowerCase(m.getName().charAt(3))
                    + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                assertThat(extra.keySet())
                        .as("fields unknown to the model class at %s", path)
                        .isEmpty();
            } else {
                assertNoUnknownFields(value, field, seen);
            }
        }
    }
}
