package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the package {@code dev.articlesearch.core} and the README lists all of it: a
 * public type or a public method that appears in the package, or vanishes from it, fails this test
 * until the README's list says so too.
 */
class PublicApiTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path CLASSES = Path.of("target", "classes", "dev", "articlesearch", "core");
  private static final String HEADING = "### Every public type and member";

  /** Methods every record or enum has, which say nothing about this API. */
  private static final Set<String> UNIVERSAL =
      Set.of("equals", "hashCode", "toString", "values", "valueOf");

  @Test
  void readmeListsExactlyThePublicTypesAndMembersOfTheApiPackage() throws IOException {
    String listing = listing();
    String readme = Files.readString(README);
    int at = readme.indexOf(HEADING);
    assertTrue(at >= 0, "README has no '" + HEADING + "' section; it should hold:\n" + listing);
    Matcher m = Pattern.compile("```text\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(at), "no ```text block after '" + HEADING + "'");
    assertEquals(listing, m.group(1), "README's list of the public API is out of date");
  }

  @Test
  void internalsAreNotInTheApiPackage() throws IOException {
    for (String line : listing().split("\n")) {
      assertTrue(!line.contains("Engine") && !line.contains("Snapshot") && !line.contains("Schema"),
          "an internal type in the API package: " + line);
    }
  }

  /** One line per public type, in name order: its kind, name and public members' names. */
  static String listing() throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(CLASSES)) {
      names = files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".class") && !f.equals("package-info.class"))
          .map(f -> "dev.articlesearch.core." + f.substring(0, f.length() - ".class".length()))
          .sorted().toList();
    }
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      Class<?> c;
      try {
        c = Class.forName(name);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      if (!isPublic(c) || c.isSynthetic() || c.isAnonymousClass()) {
        continue;
      }
      Set<String> members = new TreeSet<>();
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m) && !m.isSynthetic() && !m.isBridge() && !UNIVERSAL.contains(m.getName())) {
          members.add(m.getName());
        }
      }
      Stream.of(c.getDeclaredFields()).filter(PublicApiTest::visible)
          .filter(f -> !f.isEnumConstant()).forEach(f -> members.add(f.getName()));
      Stream.of(c.getEnumConstants() == null ? new Object[0] : c.getEnumConstants())
          .forEach(e -> members.add(((Enum<?>) e).name()));
      if (Stream.of(c.getDeclaredConstructors()).anyMatch(PublicApiTest::visible)
          && !c.isRecord() && !c.isEnum()) {
        members.add("new");
      }
      out.append(kind(c)).append(' ').append(c.getName().substring("dev.articlesearch.core.".length())
          .replace('$', '.')).append(": ").append(String.join(", ", new ArrayList<>(members)))
          .append('\n');
    }
    return out.toString();
  }

  private static boolean isPublic(Class<?> c) {
    for (Class<?> at = c; at != null; at = at.getEnclosingClass()) {
      if (!Modifier.isPublic(at.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static String kind(Class<?> c) {
    if (c.isRecord()) {
      return "record";
    }
    if (c.isEnum()) {
      return "enum";
    }
    if (c.isInterface()) {
      return "interface";
    }
    return Throwable.class.isAssignableFrom(c) ? "exception" : "class";
  }
}
