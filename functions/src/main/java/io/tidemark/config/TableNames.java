package io.tidemark.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The deployed name of each {@link Table}. Normally {@code <prefix>-<suffix>}; a function deployed
 * by the CDK stack gets the names in its environment ({@link FunctionEnvironment#tableName(Table)}),
 * which win over the prefix.
 */
public final class TableNames {

    private final String prefix;
    private final EnumMap<Table, String> names = new EnumMap<>(Table.class);

    private TableNames(String prefix, Map<Table, String> overrides) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        for (Table t : Table.values()) {
            names.put(t, overrides.getOrDefault(t, t.nameWith(prefix)));
        }
    }

    /** {@code <prefix>-state}, {@code <prefix>-views}, … */
    public static TableNames forPrefix(String prefix) {
        return new TableNames(prefix, Map.of());
    }

    /** The prefix's names, overridden by {@code TIDEMARK_TABLE_<TABLE>} variables where set. */
    public static TableNames fromEnvironment(String prefix, Map<String, String> env) {
        EnumMap<Table, String> overrides = new EnumMap<>(Table.class);
        for (Table t : Table.values()) {
            String value = env.get(FunctionEnvironment.tableName(t));
            if (value != null && !value.isBlank()) {
                overrides.put(t, value.trim());
            }
        }
        return new TableNames(prefix, overrides);
    }

    public String prefix() {
        return prefix;
    }

    /** These names with {@code table} deployed as {@code name} (a replay into new tables enriches from the live customers table). */
    public TableNames with(Table table, String name) {
        EnumMap<Table, String> overrides = new EnumMap<>(names);
        overrides.put(table, Objects.requireNonNull(name, "name"));
        return new TableNames(prefix, overrides);
    }

    public String of(Table table) {
        return names.get(table);
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
