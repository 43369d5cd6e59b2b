package io.tidemark.cli.options;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Defaults users would otherwise repeat on every command: the stack, the table prefix, the AWS endpoint,
 * region and profile. For each option, the first that is set wins: the option itself; the environment
 * ({@code TIDEMARK_STACK}, {@code TIDEMARK_TABLE_PREFIX}; for the AWS settings the AWS variables
 * {@code AWS_ENDPOINT_URL*}, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE}, which the
 * SDK reads itself); the config file; the built-in default. The config file is a Java properties file with
 * the keys {@code stack}, {@code table-prefix}, {@code endpoint-url}, {@code region} and {@code profile}, at
 * {@code $TIDEMARK_CONFIG}, else {@code $XDG_CONFIG_HOME/tidemark/config.properties}, else
 * {@code ~/.config/tidemark/config.properties}.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    /** Option → the config key, and the environment variables that win over the file for it. */
    private record Setting(String key, Set<String> environment) {
    }

    private static final Map<String, Setting> SETTINGS = Map.of(
            "--stack", new Setting("stack", Set.of("TIDEMARK_STACK")),
            "--table-prefix", new Setting("table-prefix", Set.of("TIDEMARK_TABLE_PREFIX")),
            "--endpoint-url", new Setting("endpoint-url", Set.of("AWS_ENDPOINT_URL")),
            "--region", new Setting("region", Set.of("AWS_REGION", "AWS_DEFAULT_REGION")),
            "--profile", new Setting("profile", Set.of("AWS_PROFILE")));

    private final Map<String, String> env;
    private final Path file;
    private Properties properties;

    public ConfigDefaults(Map<String, String> env) {
        this.env = env;
        this.file = location(env);
    }

    /** Where the config file is read from. */
    public static Path location(Map<String, String> env) {
        String explicit = env.get("TIDEMARK_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("tidemark").resolve("config.properties");
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        Setting setting = SETTINGS.get(option.longestName());
        if (setting == null) {
            return null;
        }
        for (String variable : setting.environment()) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                // TIDEMARK_* are ours to apply; the AWS variables the SDK applies itself, so the file must not override them.
                return variable.startsWith("TIDEMARK_") ? value.trim() : null;
            }
        }
        if (option.longestName().equals("--endpoint-url") && env.keySet().stream().anyMatch(k -> k.startsWith("AWS_ENDPOINT_URL_"))) {
            return null; // a per-service endpoint in the environment: the file's endpoint for all would override it
        }
        String value = properties().getProperty(setting.key());
        return value == null || value.isBlank() ? null : value.trim();
    }

    private Properties properties() {
        if (properties == null) {
            properties = new Properties();
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalStateException("config file " + file + " could not be read: " + e.getMessage()
                            + " (a Java properties file: stack=…, table-prefix=…, endpoint-url=…, region=…, profile=…)");
                }
                for (String key : properties.stringPropertyNames()) {
                    if (SETTINGS.values().stream().noneMatch(s -> s.key().equals(key))) {
                        System.err.println("tidemark: config file " + file + ": unknown key '" + key
                                + "' ignored (known: stack, table-prefix, endpoint-url, region, profile)");
                    }
                }
            }
        }
        return properties;
    }
}
