package io.dataflow.loadgen;

import io.dataflow.loadgen.verify.VerifyCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar dataflow-loadgen.jar loadgen|fuzz|verify [--options]}. Exit codes: 0 success, 1
 * the run or the verification found a problem, 2 a usage error.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    try {
      Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
      return switch (args[0]) {
        case "loadgen" -> {
          LoadCommand c = new LoadCommand(options);
          options.rejectUnknown();
          yield c.execute(out, err);
        }
        case "fuzz" -> {
          FuzzCommand c = new FuzzCommand(options);
          options.rejectUnknown();
          yield c.execute(out, err);
        }
        case "verify" -> {
          VerifyCommand c = new VerifyCommand(options);
          options.rejectUnknown();
          yield c.execute(out, err);
        }
        default -> throw new Options.UsageException("unknown command '" + args[0] + "'");
      };
    } catch (Options.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(usage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + e);
      return 2;
    }
  }

  static String usage() {
    return "usage: java -jar dataflow-loadgen.jar COMMAND [--options]\n\n"
        + LoadCommand.USAGE
        + "\n\n"
        + FuzzCommand.USAGE
        + "\n\n"
        + VerifyCommand.USAGE;
  }
}
