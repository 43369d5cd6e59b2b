package io.tidemark.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one record's JSON with the streaming parser (no object tree: building Jackson's databind
 * costs a cold Lambda about 140 ms before its first record). Strict like the tree reading it replaces:
 * the whole record is parsed, every string decoded and every number read, so any malformed byte,
 * duplicate key (at any depth) or trailing token fails with the parser's message and location.
 * Keeps the top-level members the contract names; other members are checked and dropped.
 */
final class RecordReader {

    /** The trailing-token wording and location records have been rejected with since the first release. */
    private static final String TRAILING = "Trailing token (of type %s) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): "
            + "not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** What a record holds: nothing, a value other than an object, or an object's members of interest. */
    record Read(JsonMember root, Map<String, JsonMember> members) {
        boolean isEmpty() {
            return root == null;
        }

        JsonMember get(String field) {
            return members.get(field);
        }
    }

    private final Set<String> wanted;

    RecordReader(Set<String> wanted) {
        this.wanted = Set.copyOf(wanted);
    }

    Read read(byte[] utf8) throws IOException {
        try (JsonParser p = FACTORY.createParser(utf8)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Read(null, Map.of());
            }
            Map<String, JsonMember> members = new HashMap<>(16);
            JsonMember root;
            if (first == JsonToken.START_OBJECT) {
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    JsonMember value = value(p);
                    if (wanted.contains(name)) {
                        members.put(name, value);
                    }
                }
                root = JsonMember.OBJECT;
            } else {
                root = value(p);
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new JsonParseException(p, String.format(TRAILING, trailing), p.currentTokenLocation());
            }
            return new Read(root, members);
        }
    }

    /** The value at the current token; containers are walked to their end, every scalar in them read. */
    private static JsonMember value(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) { // the parser reports an unclosed container itself; this only guards the switch
            throw new JsonParseException(p, "Unexpected end-of-input", p.currentLocation());
        }
        return switch (token) {
            case VALUE_STRING -> JsonMember.string(p.getText());
            case VALUE_NUMBER_INT -> integer(p);
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal d = p.getDecimalValue();
                yield JsonMember.number(d, d.toString());
            }
            case VALUE_TRUE -> JsonMember.TRUE;
            case VALUE_FALSE -> JsonMember.FALSE;
            case START_OBJECT -> {
                while (p.nextFieldName() != null) {
                    p.nextToken();
                    value(p);
                }
                yield JsonMember.OBJECT;
            }
            case START_ARRAY -> {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    value(p);
                }
                yield JsonMember.ARRAY;
            }
            default -> JsonMember.NULL;
        };
    }

    private static JsonMember integer(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> {
                int v = p.getIntValue();
                yield JsonMember.number(BigDecimal.valueOf(v), Integer.toString(v));
            }
            case LONG -> {
                long v = p.getLongValue();
                yield JsonMember.number(BigDecimal.valueOf(v), Long.toString(v));
            }
            default -> {
                java.math.BigInteger v = p.getBigIntegerValue();
                yield JsonMember.number(new BigDecimal(v), v.toString());
            }
        };
    }
}
