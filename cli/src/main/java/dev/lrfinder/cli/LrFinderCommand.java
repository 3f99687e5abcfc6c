package dev.lrfinder.cli;

import dev.lrfinder.base.InvalidArgumentException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Command;
import picocli.CommandLine.Command;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The top-level {@code lrfinder} command: subcommands, version, and how errors are shown. */
@Command(
        name = "lrfinder",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        // Subcommands are added in newCommandLine: find needs to know whether stderr is a terminal.
        description = {
            "Learning-rate range tests: raise the learning rate every batch, record the loss,",
            "and read a good learning rate off the curve, over several runs."
        },
        footer = {
            "",
            "Examples:",
            "  lrfinder find",
            "  lrfinder find --task spirals --runs 5 --optimizer adam",
            "  lrfinder sweep --model mlp,cnn --optimizer sgd,adam --batch-size 32,64,128",
            "  lrfinder analyze --compat fastai lr_find.csv",
            "  lrfinder help analyze",
            "",
            "Exit codes: 0 success, 2 bad usage or input, 3 no suggestion in any run, 1 internal error."
        })
public final class LrFinderCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with lrfinder's error handling, writing to {@code out} and {@code err}. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, false);
    }

    /**
     * As {@link #newCommandLine(PrintWriter, PrintWriter)}; {@code errIsTerminal} says whether
     * {@code err} is a terminal, where find draws a progress bar.
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean errIsTerminal) {
        return newCommandLine(out, err, errIsTerminal, null);
    }

    /**
     * As {@link #newCommandLine(PrintWriter, PrintWriter, boolean)}, for the command line {@code
     * args}: when its first word names a subcommand, only that one is built. picocli reads every
     * command's annotations by reflection when it is added, and its classes (Java 5 class files) are
     * the part of start-up the ahead-of-time cache cannot hold (173 of them load from the jar on
     * every run): {@code find} does not pay for reading {@code analyze}'s and {@code bench}'s.
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean errIsTerminal, String[] args) {
        CommandLine cli = new CommandLine(new LrFinderCommand());
        String first = args != null && args.length > 0 ? args[0] : "";
        boolean all = !List.of("find", "sweep", "analyze", "bench", "startup-training").contains(first);
        if (all || first.equals("find")) {
            cli.addSubcommand(new FindCommand(errIsTerminal));
        }
        if (all || first.equals("sweep")) {
            cli.addSubcommand(new SweepCommand());
        }
        if (all || first.equals("analyze")) {
            cli.addSubcommand(new AnalyzeCommand());
        }
        if (all || first.equals("bench")) {
            cli.addSubcommand(new BenchCommand());
        }
        if (all || first.equals("startup-training")) {
            cli.addSubcommand(new StartupTrainingCommand());
        }
        if (all) {
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
        // Every subcommand's --version (mixinStandardHelpOptions) prints what lrfinder --version does.
        VersionProvider versions = new VersionProvider();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(versions));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(LrFinderCommand::onBadUsage);
        cli.setExecutionExceptionHandler(LrFinderCommand::onFailure);
        return cli;
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("lrfinder: " + e.getMessage());
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCodes.USAGE;
    }

    private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("--verbose");
        }
        if (e instanceof IllegalArgumentException || e instanceof BadInputException) {
            err.println("lrfinder: " + asOptionMessage(e, cli.getCommandSpec()));
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCodes.USAGE;
        }
        err.println("lrfinder: internal error: " + e);
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("Run again with --verbose for the stack trace.");
        }
        return ExitCodes.INTERNAL;
    }

    /** Engine parameters set by an option whose name is not theirs (one option sets all three). */
    private static final java.util.Map<String, String> OTHER_NAMES = java.util.Map.of(
            "brightness", "--color-jitter", "contrast", "--color-jitter", "saturation", "--color-jitter");

    /**
     * The engine names a bad value by its parameter, {@code name = value: must be ...}
     * ({@link dev.lrfinder.base.Checks#invalid}, an {@link InvalidArgumentException} whose parts are
     * kept apart); when the failing command has that option, by its name or by the parameter's words
     * joined with dashes ({@code lrMin} is {@code --lr-min}), or one ending in them
     * ({@code augmentFlips} is {@code --flips}), the message names the option instead:
     * {@code --lr-min = -1.0: must be ...}. Other parameters that what is allowed names are named
     * as options too ({@code greater than --lr-min (1.0)}).
     */
    static String asOptionMessage(Throwable e, CommandLine.Model.CommandSpec command) {
        if (e instanceof InvalidArgumentException typed) {
            String option = optionFor(typed.parameter(), command);
            return (option != null ? option : typed.parameter()) + " = " + typed.value() + ": must be "
                    + withOptionNames(typed.allowed(), command);
        }
        return asOptionMessage(e.getMessage(), command);
    }

    /** As {@link #asOptionMessage(Throwable, CommandLine.Model.CommandSpec)}, for a message alone. */
    static String asOptionMessage(String message, CommandLine.Model.CommandSpec command) {
        if (message == null) {
            return "bad input";
        }
        int eq = message.indexOf(" = ");
        if (eq <= 0 || message.startsWith("-")) {
            return message;
        }
        String option = optionFor(message.substring(0, eq), command);
        return option != null ? option + withOptionNames(message.substring(eq), command) : message;
    }

    /** The command's option that sets engine parameter {@code name}, or null. */
    private static String optionFor(String name, CommandLine.Model.CommandSpec command) {
        if (OTHER_NAMES.containsKey(name) && command.findOption(OTHER_NAMES.get(name)) != null) {
            return OTHER_NAMES.get(name);
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
            return null;
        }
        // The options shorten "validation" to "val": validationBatches is --val-batches.
        String[] words = name.replaceFirst("^validation(?=[A-Z])", "val").split("(?<=[a-z0-9])(?=[A-Z])");
        for (int from = 0; from < words.length; from++) {
            String option = "--" + String.join("-", java.util.Arrays.copyOfRange(words, from, words.length))
                    .toLowerCase(java.util.Locale.ROOT);
            if (command.findOption(option) != null) {
                return option;
            }
        }
        return null;
    }

    /**
     * Another parameter that {@code text} names with its value, {@code lrMin (1.0)}, as the command's
     * option: {@code --lr-min (1.0)}. Only a camelCase name followed by its value in brackets is
     * taken for a parameter: plain words ("for", "steps") are English as often as they are options.
     */
    private static String withOptionNames(String text, CommandLine.Model.CommandSpec command) {
        return PARAMETER_WITH_VALUE.matcher(text).replaceAll(m -> {
            String option = optionFor(m.group(1), command);
            return java.util.regex.Matcher.quoteReplacement((option != null ? option : m.group(1)) + " (");
        });
    }

    private static final java.util.regex.Pattern PARAMETER_WITH_VALUE =
            java.util.regex.Pattern.compile("\\b([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+) \\(");
}
