package io.rateflow.yaml;

import java.io.StringReader;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Composes one configuration document (a rule set, a promotion document, a chart of accounts) into
 * YAML nodes within fixed bounds, so that no document can stall or crash the job that reads it:
 *
 * <ul>
 *   <li>its size is checked before SnakeYAML sees it. SnakeYAML's reader copies its whole window
 *       for every 1 KiB it reads while one token (a long string) is open, so its own code point
 *       limit tripped only after quadratic work: 509 s and 1.7 GB for a 50 MB one-string document;
 *   <li>aliases, nesting depth and code points are bounded in {@link LoaderOptions}, which are per
 *       parser (unlike a JVM-wide system property);
 *   <li>anything SnakeYAML throws, {@code YAMLException}s and Errors alike, becomes a {@link
 *       YamlProblem} with a line, for the caller to report as {@code file:line: reason}.
 * </ul>
 *
 * The largest real document (a public price list) has about 3,300 characters and 9 levels.
 */
public final class BoundedYaml {
  /** 256 KiB of text: far above any real document, far below where parsing gets expensive. */
  public static final int MAX_DOCUMENT_CHARS = 256 * 1024;

  /** Mappings and lists inside each other; a rule set with time windows and tiers needs about 9. */
  public static final int MAX_NESTING_DEPTH = 32;

  /**
   * Aliases of mappings or lists ({@code *name}); enough to share a few tier tables, never a bomb.
   */
  public static final int MAX_ALIASES = 20;

  private BoundedYaml() {}

  /**
   * The document's root node, or null for an empty document.
   *
   * @param what what the document is, for the size message ("rule document", "promotion
   *     document"...)
   * @throws YamlProblem when the document is too large, not valid YAML, or beyond the bounds
   */
  public static Node compose(String document, String what) throws YamlProblem {
    String text = document == null ? "" : document;
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw new YamlProblem(
          1,
          String.format(
              Locale.ROOT,
              "the %s has %,d characters; at most %,d (256 KiB) are accepted: split it into several documents",
              what,
              text.length(),
              MAX_DOCUMENT_CHARS));
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setCodePointLimit(MAX_DOCUMENT_CHARS);
    try {
      return new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Mark context = e.getContextMark();
      String where =
          e.getContext() == null || context == null
              ? ""
              : " (" + e.getContext() + " started at line " + (context.getLine() + 1) + ")";
      throw new YamlProblem(
          mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + e.getProblem() + where);
    } catch (StackOverflowError e) {
      throw new YamlProblem(
          1,
          "not valid YAML: nested too deeply to read; at most "
              + MAX_NESTING_DEPTH
              + " levels of mappings and lists are accepted");
    } catch (Throwable e) {
      // YAMLException without a position (too many aliases, too deep...), or anything unforeseen.
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new YamlProblem(1, "not valid YAML: " + message + hint(message));
    }
  }

  /** What to do about SnakeYAML's own limit messages, which only name the limit. */
  private static String hint(String message) {
    if (message.contains("aliases")) {
      return "; at most " + MAX_ALIASES + " aliases of mappings or lists are accepted";
    }
    if (message.contains("Nesting Depth")) {
      return "; at most " + MAX_NESTING_DEPTH + " levels of mappings and lists are accepted";
    }
    return "";
  }
}
