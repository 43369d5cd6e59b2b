package io.tidemark.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One log line in CloudWatch's embedded metric format (EMF): CloudWatch Logs extracts its metrics from the line when
 * the function writes it to standard output. The line is
 * {@code {"_aws":{"Timestamp":<epoch ms>,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[<names>]],
 * "Metrics":[{"Name":…,"Unit":…},…]}]},"<dimension>":"<value>",…,"<metric>":<value>,…}}: one dimension set, the
 * dimension and metric values as top-level members. Values are written from their exact decimals (no {@code double}
 * on the way), so money reaches the line as it was summed.
 * <p>
 * Written with jackson-core's streaming generator only: the line has a fixed shape, and a databind mapper (with its
 * bean introspection) would cost the cold start more than the line is worth.
 *
 * @param namespace  the metrics' namespace (1–255 characters)
 * @param timestamp  when the values were measured, epoch milliseconds
 * @param dimensions the one dimension set, in order (at most {@value #MAX_DIMENSIONS}); their values are the lines' members
 * @param metrics    1 to {@value #MAX_METRICS} metrics, names distinct from each other and from the dimensions'
 */
public record EmfLine(String namespace, long timestamp, List<Dimension> dimensions, List<Metric> metrics) {

    /** EMF's limit on the metrics of one line. */
    public static final int MAX_METRICS = 100;
    /** EMF's limit on the dimensions of one dimension set. */
    public static final int MAX_DIMENSIONS = 30;
    private static final int MAX_NAMESPACE = 255;
    private static final JsonFactory JSON = new JsonFactory();

    public EmfLine {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank() || namespace.length() > MAX_NAMESPACE) {
            throw new IllegalArgumentException("EMF namespace must be 1 to " + MAX_NAMESPACE + " characters, not blank; got '" + namespace + "'");
        }
        dimensions = List.copyOf(dimensions);
        metrics = List.copyOf(metrics);
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("EMF dimensions: at most " + MAX_DIMENSIONS + " in a dimension set, got " + dimensions.size()
                    + ": emit the metrics with fewer dimensions");
        }
        if (metrics.isEmpty() || metrics.size() > MAX_METRICS) {
            throw new IllegalArgumentException("EMF metrics: 1 to " + MAX_METRICS + " in one line, got " + metrics.size()
                    + ": split them over several lines");
        }
        Set<String> members = new HashSet<>();
        dimensions.forEach(d -> requireNewMember(members, d.name()));
        metrics.forEach(m -> requireNewMember(members, m.name()));
    }

    /** A one-dimension line. */
    public static EmfLine of(String namespace, long timestamp, Dimension dimension, List<Metric> metrics) {
        return new EmfLine(namespace, timestamp, List.of(dimension), metrics);
    }

    /** The line's JSON text, without the line break. */
    public String toJson() {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", timestamp);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (Dimension d : dimensions) {
                g.writeString(d.name());
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Metric m : metrics) {
                g.writeStartObject();
                g.writeStringField("Name", m.name());
                g.writeStringField("Unit", m.unit().text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Dimension d : dimensions) {
                g.writeStringField(d.name(), d.value());
            }
            for (Metric m : metrics) {
                g.writeFieldName(m.name());
                g.writeNumber(m.value());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing an EMF line to a string", e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void requireNewMember(Set<String> members, String name) {
        if (!members.add(name)) {
            throw new IllegalArgumentException("EMF member '" + name + "' is named twice: every dimension and metric is a member of the line, "
                    + "so their names must differ");
        }
    }

    private static String requireName(String kind, String name) {
        Objects.requireNonNull(name, kind + " name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("EMF " + kind + " name must not be empty");
        }
        return name;
    }

    /** A dimension and its value on this line. */
    public record Dimension(String name, String value) {
        public Dimension {
            requireName("dimension", name);
            Objects.requireNonNull(value, "dimension value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("EMF dimension '" + name + "' needs a value that is not empty");
            }
        }
    }

    /** A metric's name, unit and value: an exact decimal (a count, or money as summed). */
    public record Metric(String name, Unit unit, BigDecimal value) {
        public Metric {
            requireName("metric", name);
            Objects.requireNonNull(unit, "unit of metric " + name);
            Objects.requireNonNull(value, "value of metric " + name);
        }

        public static Metric count(String name, long count) {
            return new Metric(name, Unit.COUNT, BigDecimal.valueOf(count));
        }

        /** A value without a unit (CloudWatch's {@code None}), e.g. an amount of money. */
        public static Metric plain(String name, BigDecimal value) {
            return new Metric(name, Unit.NONE, value);
        }
    }

    /** The CloudWatch units the pipeline's metrics use. */
    public enum Unit {
        COUNT("Count"), NONE("None");

        private final String text;

        Unit(String text) {
            this.text = text;
        }

        /** The unit as CloudWatch spells it. */
        public String text() {
            return text;
        }
    }
}
