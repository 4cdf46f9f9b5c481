package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.articlesearch.core.internal.highlight.SentenceBreaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The highlighter's sentence boundaries are those the JDK's sentence iterator stops at walking
 * forward, whatever was asked before and in whatever order; on real paragraphs they are also what
 * the JDK answers when asked for the boundary before or after an offset.
 */
class SentenceBreaksTest {
  /** Characters the sentence rules treat specially, mixed with plain letters and CJK. */
  private static final String ALPHABET =
      "aZ 9.。!?！？;；\n\r\t\"'”“)（）…,，、 -Ab\u0000\u2029\u00a0智谱清华大学模型A.I.Mr.u.s.e.g.\uD83D\uDE00";

  @Test
  void everySeedParagraphBreaksWhereTheJdkBreaksIt() throws IOException {
    List<String> paragraphs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TestIndexes.SEEDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".txt")).toList()) {
        paragraphs.add(Files.readString(file));
        paragraphs.addAll(Files.readAllLines(file));
      }
    }
    assertFalse(paragraphs.isEmpty());
    SentenceBreaks ours = new SentenceBreaks();
    Random random = new Random(5);
    for (String text : paragraphs) {
      assertSameBreaks(text, ours, random, true);
    }
  }

  @Test
  void randomTextsBreakWhereTheJdkBreaksThem() {
    SentenceBreaks ours = new SentenceBreaks();
    Random random = new Random(11);
    for (int round = 0; round < 3_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(round % 50 == 0 ? 400 : 40);
      for (int i = 0; i < length; i++) {
        text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      assertSameBreaks(text.toString(), ours, random, false);
    }
  }

  @Test
  void offsetsOutsideTheTextAreRefusedAsTheJdkRefusesThem() {
    SentenceBreaks ours = new SentenceBreaks();
    ours.setText("北京。Beijing.");
    assertThrows(IllegalArgumentException.class, () -> ours.following(-1));
    assertThrows(IllegalArgumentException.class, () -> ours.preceding(12));
    assertThrows(IllegalArgumentException.class, () -> ours.isBoundary(12));
    assertEquals(3, ours.following(0));
    assertEquals(BreakIterator.DONE, ours.following(11));
    assertEquals(BreakIterator.DONE, ours.preceding(0));
  }

  @Test
  void aCloneWalksOnItsOwn() {
    SentenceBreaks ours = new SentenceBreaks();
    String text = "北京很大。上海也很大。Beijing is big. So is Shanghai.";
    ours.setText(text);
    assertEquals(5, ours.following(0));
    SentenceBreaks copy = ours.clone();
    assertEquals(5, copy.current());
    assertEquals(11, copy.next());
    assertEquals(27, copy.next());
    assertEquals(text.length(), copy.last());
    assertEquals(5, ours.current(), "the original stays where it was");
    assertEquals(11, ours.next());
    copy.setText("另一段。");
    assertEquals(27, ours.next(), "the original keeps its text");
    assertEquals(4, copy.following(0));
  }

  /**
   * Our answers at every offset are those of the JDK's forward walk; with {@code jdkLookups}, they
   * are also what the JDK's own {@code following} and {@code preceding} answer (which, on text as
   * broken as the random texts, sometimes name a position its walk does not stop at).
   */
  private static void assertSameBreaks(String text, SentenceBreaks ours, Random random,
      boolean jdkLookups) {
    BreakIterator jdk = BreakIterator.getSentenceInstance(Locale.ROOT);
    jdk.setText(text);
    List<Integer> expected = new ArrayList<>();
    for (int b = jdk.first(); b != BreakIterator.DONE; b = jdk.next()) {
      expected.add(b);
    }
    // Asked in a random order, so that an answer depending on what came before shows.
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i <= text.length(); i++) {
      offsets.add(i);
    }
    Collections.shuffle(offsets, random);
    ours.setText(text);
    for (int offset : offsets) {
      String where = "offset " + offset + " of " + escaped(text);
      int following = BreakIterator.DONE;
      int preceding = BreakIterator.DONE;
      for (int b : expected) {
        if (b > offset && following == BreakIterator.DONE) {
          following = b;
        }
        if (b < offset) {
          preceding = b;
        }
      }
      if (random.nextBoolean()) {
        assertEquals(following, ours.following(offset), "following " + where);
        assertEquals(following == BreakIterator.DONE ? text.length() : following, ours.current(),
            "current after following " + where);
      } else {
        assertEquals(preceding, ours.preceding(offset), "preceding " + where);
        assertEquals(preceding == BreakIterator.DONE ? 0 : preceding, ours.current(),
            "current after preceding " + where);
      }
      assertEquals(expected.contains(offset), ours.isBoundary(offset), "isBoundary " + where);
      if (jdkLookups) {
        jdk.setText(text);
        assertEquals(jdk.following(offset), following, "the JDK's following " + where);
        jdk.setText(text);
        assertEquals(jdk.preceding(offset), preceding, "the JDK's preceding " + where);
      }
    }
    ours.setText(text);
    List<Integer> walked = new ArrayList<>();
    for (int b = ours.first(); b != BreakIterator.DONE; b = ours.next()) {
      walked.add(b);
    }
    assertEquals(expected, walked, "forward walk of " + escaped(text));
    List<Integer> back = new ArrayList<>();
    for (int b = ours.last(); b != BreakIterator.DONE; b = ours.previous()) {
      back.add(0, b);
    }
    assertEquals(expected, back, "backward walk of " + escaped(text));
  }

  /** The text with every character outside printable ASCII as a Java escape. */
  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }
}
