package dev.lrfinder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A sweep's grid: find's options, each with one value (the same in every cell) or several (an axis),
 * from a TOML file and the command line; the cells are every combination of the axes' values.
 *
 * <p>Every key and option is one of {@code lrfinder find}'s (the TOML key is the option without its
 * dashes, as in a profile); the sweep checks each cell's arguments with find's own parser before any
 * cell runs. Several values: a comma list ({@code --batch-size 32,64,128}) or the option repeated;
 * in TOML an array ({@code batch-size = [32, 64, 128]}). Options whose value is itself a comma list
 * ({@code --widths}, {@code --methods}, ...) take one value per occurrence ({@code --widths 64,64
 * --widths 256,256}) or, in TOML, an array of arrays ({@code widths = [[64, 64], [256, 256]]}).
 * Switches take {@code true,false} after an {@code =} ({@code --flips=true,false}). A key on the
 * command line replaces the file's.
 *
 * @param fixed the arguments every cell shares
 * @param axes the options with several values, in the order given (file first)
 */
record SweepGrid(List<String> fixed, List<Axis> axes) {
    /** Options of find that belong to the sweep as a whole: its own options of the same name. */
    static final Set<String> SWEEP_OWN = Set.of("--out", "--format", "--quiet", "--verbose", "--help", "--version");
    /** Refuses grids nobody means to run: a typo such as --steps 1,2,...,1000 would queue a thousand cells per axis. */
    static final int MAX_CELLS = 10_000;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9.+-]+");

    /**
     * One option with several values.
     *
     * @param option the long option name, e.g. {@code --batch-size}
     * @param values each value as the cell's label shows it
     * @param tokens each value as find's arguments ({@code [--batch-size, 64]}; {@code []} for a switch that is off)
     */
    record Axis(String option, List<String> values, List<List<String>> tokens) {
        /** The option's name without dashes, as the table's column and the TOML key. */
        String name() {
            return option.substring(2);
        }
    }

    /** Values of one option, as given: each a label and find's tokens for it. */
    private record Values(String option, List<String> labels, List<List<String>> tokens) {}

    /** The grid of {@code file} (may be null) and the command line's find options {@code args}. */
    static SweepGrid of(Path file, List<String> args) {
        CommandSpec find = new CommandLine(new FindCommand(false)).getCommandSpec();
        Map<String, Values> byOption = new LinkedHashMap<>();
        if (file != null) {
            for (Map.Entry<String, JsonNode> e : ConfigProfile.read(file).entrySet()) {
                Values v = fromToml(find, file, e.getKey(), e.getValue());
                byOption.put(v.option(), v);
            }
        }
        Map<String, Values> given = fromArgs(find, args);
        for (Values v : given.values()) {
            byOption.remove(v.option()); // the command line wins, and its key moves to the end
            byOption.put(v.option(), v);
        }
        List<String> fixed = new ArrayList<>();
        List<Axis> axes = new ArrayList<>();
        for (Values v : byOption.values()) {
            Set<String> seen = new HashSet<>();
            for (String label : v.labels()) {
                if (!seen.add(label)) {
                    throw new BadInputException(v.option() + " = " + String.join(",", v.labels())
                            + ": must list each value once (" + label + " twice)");
                }
            }
            v = placed(find, v);
            if (v.labels().size() == 1) {
                fixed.addAll(v.tokens().getFirst());
            } else {
                axes.add(new Axis(v.option(), v.labels(), v.tokens()));
            }
        }
        long cells = 1;
        for (Axis a : axes) {
            cells *= a.values().size();
            if (cells > MAX_CELLS) {
                throw new BadInputException("the grid: more than " + MAX_CELLS + " cells: must be at most " + MAX_CELLS
                        + " (" + String.join(" x ", axes.stream().map(x -> x.values().size() + " " + x.name()).toList()) + ")");
            }
        }
        return new SweepGrid(List.copyOf(fixed), List.copyOf(axes));
    }

    /** Every combination of the axes' values, the last axis changing fastest; one cell when there is no axis. */
    List<SweepCell> cells() {
        List<SweepCell> cells = new ArrayList<>();
        int count = 1;
        for (Axis a : axes) {
            count *= a.values().size();
        }
        Set<String> folders = new HashSet<>();
        for (int c = 0; c < count; c++) {
            Map<String, String> chosen = new LinkedHashMap<>();
            List<String> args = new ArrayList<>(fixed);
            List<String> name = new ArrayList<>();
            int rest = c;
            int[] pick = new int[axes.size()];
            for (int a = axes.size() - 1; a >= 0; a--) {
                pick[a] = rest % axes.get(a).values().size();
                rest /= axes.get(a).values().size();
            }
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                String value = axis.values().get(pick[a]);
                chosen.put(axis.name(), value);
                args.addAll(axis.tokens().get(pick[a]));
                name.add(axis.name() + "-" + UNSAFE.matcher(value).replaceAll("-"));
            }
            String folder = name.isEmpty() ? "all" : String.join("_", name);
            if (folder.length() > 200) {
                folder = folder.substring(0, 180) + "-" + Integer.toHexString(folder.hashCode());
            }
            String unique = folder;
            for (int n = 2; !folders.add(unique); n++) {
                unique = folder + "-" + n; // two values that differ only in characters a folder name cannot hold
            }
            cells.add(new SweepCell(unique, chosen, args));
        }
        return cells;
    }

    /**
     * The values with every file as an absolute path (a profile NAME as the file it names): a cell
     * may run in another working folder, a Spark executor's. The labels stay as given.
     */
    private static Values placed(CommandSpec find, Values v) {
        OptionSpec option = find.findOption(v.option());
        boolean profile = v.option().equals("--config");
        if (option.type() != Path.class && !profile) {
            return v;
        }
        List<List<String>> tokens = new ArrayList<>();
        for (List<String> t : v.tokens()) {
            Path file = profile ? ConfigProfile.locate(t.get(1), ConfigProfile.searchPath()) : Path.of(t.get(1));
            tokens.add(List.of(t.get(0), file.toAbsolutePath().normalize().toString()));
        }
        return new Values(v.option(), v.labels(), tokens);
    }

    private static Map<String, Values> fromArgs(CommandSpec find, List<String> args) {
        Map<String, Values> byOption = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String token = args.get(i);
            int eq = token.indexOf('=');
            String name = eq > 0 ? token.substring(0, eq) : token;
            OptionSpec option = token.startsWith("-") ? find.findOption(name) : null;
            if (option == null) {
                throw new BadInputException(token + ": must be an option of 'lrfinder find' (the sweep passes find's"
                        + " options to every cell; see lrfinder find --help) or of the sweep");
            }
            String key = option.longestName();
            Values values = byOption.computeIfAbsent(key, k -> new Values(k, new ArrayList<>(), new ArrayList<>()));
            if (option.arity().max() == 0) {
                List<String> given = eq > 0 ? List.of(token.substring(eq + 1).split(",", -1)) : List.of("true");
                for (String v : given) {
                    addSwitch(values, option, v);
                }
                continue;
            }
            String value;
            if (eq > 0) {
                value = token.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new BadInputException(key + ": must be followed by a value");
            }
            if (isList(option)) {
                add(values, key, value);
            } else {
                for (String v : value.split(",", -1)) {
                    add(values, key, v);
                }
            }
        }
        return byOption;
    }

    private static Values fromToml(CommandSpec find, Path file, String key, JsonNode node) {
        OptionSpec option = find.findOption("--" + key);
        if (option == null || !option.longestName().equals("--" + key) || SWEEP_OWN.contains("--" + key)) {
            throw new BadInputException(file + ": unknown key '" + key + "'; a grid's keys are the options of"
                    + " 'lrfinder find' without the dashes (" + (SWEEP_OWN.contains("--" + key)
                            ? "--" + key + " is the sweep's own option: give it on the command line)" : "see lrfinder find --help)"));
        }
        String name = "--" + key;
        Values values = new Values(name, new ArrayList<>(), new ArrayList<>());
        boolean list = isList(option);
        if (option.arity().max() == 0) {
            for (JsonNode item : node.isArray() ? node : List.of(node)) {
                if (!item.isBoolean()) {
                    throw new BadInputException(file + ": " + key + " = " + node + ": must be true, false or an array of them");
                }
                addSwitch(values, option, item.asText());
            }
        } else if (list && node.isArray() && node.size() > 0 && node.get(0).isArray()) {
            for (JsonNode item : node) {
                add(values, name, joined(file, key, item));
            }
        } else if (list) {
            add(values, name, joined(file, key, node));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                add(values, name, scalar(file, key, item));
            }
        } else {
            add(values, name, scalar(file, key, node));
        }
        if (values.labels().isEmpty()) {
            throw new BadInputException(file + ": " + key + " = []: must hold at least one value");
        }
        return values;
    }

    private static String joined(Path file, String key, JsonNode node) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            parts.add(scalar(file, key, item));
        }
        return String.join(",", parts);
    }

    private static String scalar(Path file, String key, JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            throw new BadInputException(file + ": " + key + " = " + node + ": must be a value or an array of values");
        }
        return node.asText();
    }

    private static void add(Values values, String key, String value) {
        if (value.isBlank()) {
            throw new BadInputException(key + " = '" + value + "': must not be empty (a comma too many?)");
        }
        values.labels().add(value.strip());
        values.tokens().add(List.of(key, value.strip()));
    }

    private static void addSwitch(Values values, OptionSpec option, String value) {
        String key = option.longestName();
        switch (value.strip()) {
            case "true" -> {
                values.labels().add("true");
                values.tokens().add(List.of(key));
            }
            case "false" -> {
                values.labels().add("false");
                // A switch that is on by default (--cycle-momentum) is turned off by its --no- form.
                values.tokens().add(option.negatable() ? List.of(key.replaceFirst("^--", "--no-")) : List.of());
            }
            default -> throw new BadInputException(key + " = " + value + ": must be true or false (a switch)");
        }
    }

    private static boolean isList(OptionSpec option) {
        return Collection.class.isAssignableFrom(option.type()) || option.splitRegex().length() > 0;
    }

    /**
     * Checks every cell's arguments with find's own parser, before any cell runs: a value find would
     * refuse is bad input for the whole sweep, named with its cell.
     */
    static void checkParses(List<SweepCell> cells) {
        for (SweepCell cell : cells) {
            try {
                new CommandLine(new FindCommand(false)).parseArgs(cell.args().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new BadInputException("cell " + cell.folder() + ": " + e.getMessage());
            }
        }
    }
}
