package dev.articlesearch.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The answer's bytes written straight as UTF-8 are the bytes of the String Javalin's {@code
 * ctx.json} built and then encoded: Chinese, emoji (outside the BMP) at every position around
 * Jackson's internal segment boundaries, escapes, control characters, and a lone surrogate.
 */
class JsonBodyTest {
  private final ObjectMapper mapper =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private final JsonBody json = new JsonBody(mapper);

  record Body(String articleId, String text, List<String> parts, double tookMs, Integer none) {}

  private void assertSameBytes(Object body) throws Exception {
    assertArrayEquals(mapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8),
        json.bytes(body), () -> "for " + body);
  }

  @Test
  void chineseAndEscapesAreTheBytesOfTheEncodedString() throws Exception {
    assertSameBytes(new Body("智谱_01", "智谱AI的大模型 \"GLM\" <b>&</b> \\ / \t\n\u0001\u001f\u007f\u2028",
        List.of("清华大学", "é", "ß"), 1.25, null));
  }

  @Test
  void emojiAnywhereInALongTextAreTheirFourUtf8Bytes() throws Exception {
    String emoji = new String(Character.toChars(0x1F600));
    for (int length : new int[] {0, 1, 100, 1000, 4000, 8000, 16000}) {
      String base = "模".repeat(length / 2) + "a".repeat(length - length / 2);
      for (int at = Math.max(0, length - 20); at <= length; at++) {
        String text = base.substring(0, at) + emoji + base.substring(at);
        assertSameBytes(new Body("a", text, List.of(emoji + emoji, text), 0, 1));
      }
    }
    for (int at = 0; at < 9000; at += 7) {
      assertSameBytes(new Body("a", "x".repeat(at) + emoji + "模".repeat(9000 - at), List.of(), 0, 1));
    }
  }

  @Test
  void aLoneSurrogateIsWrittenAsTheStringsEncodingWroteIt() throws Exception {
    assertSameBytes(new Body("a", "before \uD83D after", List.of("\uDE00", "x\uD83D"), 0, null));
  }
}
