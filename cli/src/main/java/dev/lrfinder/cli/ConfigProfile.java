package dev.lrfinder.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code --config NAME|FILE}: option values from a TOML profile. TOML because it is what users
 * already write for tools (pyproject.toml, Cargo.toml), it has real numbers, booleans and arrays,
 * and none of YAML's surprises (NO read as false, 1e-3 read as a string); Jackson, already here for
 * JSON, reads it.
 *
 * <p>A profile is a flat table whose keys are the command's long option names without the dashes:
 * <pre>
 * # configs/local.toml
 * task = "spirals"
 * runs = 5
 * lr-max = 1.0
 * methods = ["valley", "steep"]
 * </pre>
 * A NAME is looked up as {@code NAME.toml} in {@code ./configs/}, then in the user's config folder
 * ({@code $XDG_CONFIG_HOME/lrfinder/}, by default {@code ~/.config/lrfinder/}); anything with a
 * slash or ending in {@code .toml} is a FILE. Options given on the command line win over the
 * profile. An unknown key, a key of the wrong type (even one the command line overrides) or a table
 * is an error naming the key and file.
 */
final class ConfigProfile {
    static final String EXTENSION = ".toml";
    /** Options a profile cannot set: they choose the profile or end the command before it runs. */
    private static final Set<String> NOT_IN_PROFILES = Set.of("config", "help", "version");

    @Option(names = "--config", paramLabel = "NAME|FILE",
            description = "Options from a TOML profile: NAME.toml in ./configs or ~/.config/lrfinder, or a FILE."
                    + " Command-line options override it.")
    String config;

    /**
     * Applies the profile, if one was named, to the options not given on the command line.
     *
     * @return the profile file, or null when none was named
     */
    Path applyTo(CommandSpec spec) {
        if (config == null) {
            return null;
        }
        Path file = locate(config, searchPath());
        apply(spec, spec.commandLine().getParseResult(), file, read(file));
        return file;
    }

    /** {@code ./configs}, then the user's config folder. */
    static List<Path> searchPath() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path user = xdg != null && !xdg.isBlank()
                ? Path.of(xdg, "lrfinder")
                : Path.of(System.getProperty("user.home"), ".config", "lrfinder");
        return List.of(Path.of("configs"), user);
    }

    /** The file {@code nameOrFile} names: itself when it looks like a path, else the first NAME.toml found. */
    static Path locate(String nameOrFile, List<Path> folders) {
        if (nameOrFile.isBlank()) {
            throw new BadInputException("--config is empty: give a profile name or a .toml file");
        }
        if (nameOrFile.contains("/") || nameOrFile.contains("\\") || nameOrFile.endsWith(EXTENSION)) {
            Path file = Path.of(nameOrFile);
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("--config = " + nameOrFile + ": no such file");
            }
            return file;
        }
        for (Path folder : folders) {
            Path file = folder.resolve(nameOrFile + EXTENSION);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        List<String> where = folders.stream().map(Path::toString).toList();
        throw new BadInputException("--config = " + nameOrFile + ": no profile " + nameOrFile + EXTENSION + " in "
                + String.join(" or ", where));
    }

    /** The profile's keys and values; a file that is not a flat TOML table is bad input. */
    static Map<String, JsonNode> read(Path file) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new BadInputException(file + ": not valid TOML (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                throw new BadInputException(file + ": key '" + e.getKey()
                        + "' is a table; a profile is a flat list of option = value");
            }
            values.put(e.getKey(), e.getValue());
        }
        return values;
    }

    /** Sets each profile value on its option unless the command line gave that option. */
    static void apply(CommandSpec spec, ParseResult parsed, Path file, Map<String, JsonNode> values) {
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String key = entry.getKey();
            OptionSpec option = NOT_IN_PROFILES.contains(key) ? null : spec.findOption("--" + key);
            if (option == null || !option.longestName().equals("--" + key)) {
                throw new BadInputException(file + ": unknown key '" + key + "'; the keys are the options of '"
                        + spec.qualifiedName() + "' without the dashes: " + String.join(", ", keys(spec)));
            }
            // Checked even when the command line overrides it: the profile is wrong for every other use.
            Object value = convert(file, key, entry.getValue(), option);
            if (parsed == null || !parsed.hasMatchedOption(option)) {
                option.setValue(value); // else the command line wins
            }
        }
    }

    private static Set<String> keys(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            String name = option.longestName().replaceFirst("^--?", "");
            if (!NOT_IN_PROFILES.contains(name)) {
                keys.add(name);
            }
        }
        return keys;
    }

    private static Object convert(Path file, String key, JsonNode node, OptionSpec option) {
        Class<?> type = option.type();
        if (List.class.isAssignableFrom(type)) {
            Class<?> element = option.auxiliaryTypes()[0];
            List<Object> list = new ArrayList<>();
            if (node.isArray()) {
                for (JsonNode item : node) {
                    list.add(scalar(file, key, item, element));
                }
            } else {
                throw wrongType(file, key, node, "an array");
            }
            return list;
        }
        return scalar(file, key, node, type);
    }

    private static Object scalar(Path file, String key, JsonNode node, Class<?> type) {
        if (type == boolean.class || type == Boolean.class) {
            if (!node.isBoolean()) {
                throw wrongType(file, key, node, "true or false");
            }
            return node.booleanValue();
        }
        if (type == int.class || type == Integer.class) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw wrongType(file, key, node, "an integer");
            }
            return node.intValue();
        }
        if (type == long.class || type == Long.class) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw wrongType(file, key, node, "an integer");
            }
            return node.longValue();
        }
        if (type == double.class || type == Double.class) {
            if (!node.isNumber()) {
                throw wrongType(file, key, node, "a number");
            }
            return node.doubleValue();
        }
        if (type == Path.class) {
            if (!node.isTextual()) {
                throw wrongType(file, key, node, "a string (a path)");
            }
            return Path.of(node.asText());
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (constant.toString().equals(node.asText())) {
                    return constant;
                }
            }
            throw wrongType(file, key, node, "one of " + Arrays.toString(type.getEnumConstants()));
        }
        if (type == String.class) {
            if (!node.isValueNode() || node.isNull()) {
                throw wrongType(file, key, node, "a string");
            }
            return node.asText(); // a number is fine where the option takes text, e.g. divergence = 4
        }
        throw wrongType(file, key, node, "something the command line accepts (" + type.getSimpleName() + ")");
    }

    static BadInputException wrongType(Path file, String key, JsonNode node, String expected) {
        return new BadInputException(file + ": " + key + " = " + node + ": must be " + expected);
    }
}
