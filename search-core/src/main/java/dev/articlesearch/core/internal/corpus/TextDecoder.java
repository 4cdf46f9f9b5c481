package dev.articlesearch.core.internal.corpus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns an article file's bytes into text: UTF-8, or GB18030 when that alone decodes cleanly. */
public final class TextDecoder {
  private static final Charset GB18030 = Charset.forName("GB18030");

  /** The decoded text and the charset that decoded it. */
  public record Decoded(String text, Charset charset) {}

  /** Neither charset decodes the bytes; {@code offset} is UTF-8's first bad byte. */
  public static final class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;
    final long offset;

    UndecodableException(long offset) {
      super("not valid UTF-8 (first bad byte at offset " + offset + ") nor GB18030");
      this.offset = offset;
    }
  }

  public static Decoded decode(byte[] bytes) throws UndecodableException {
    long badUtf8 = firstMalformed(bytes, StandardCharsets.UTF_8);
    if (badUtf8 < 0) {
      return new Decoded(stripBom(new String(bytes, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
    if (firstMalformed(bytes, GB18030) < 0) {
      return new Decoded(stripBom(new String(bytes, GB18030)), GB18030);
    }
    throw new UndecodableException(badUtf8);
  }

  /** Offset of the first byte the charset rejects, or -1 when all of them decode. */
  private static long firstMalformed(byte[] bytes, Charset charset) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(8192);
    CoderResult result;
    while ((result = decoder.decode(in, out, true)).isOverflow()) {
      out.clear();
    }
    if (result.isError()) {
      return in.position();
    }
    while ((result = decoder.flush(out)).isOverflow()) {
      out.clear();
    }
    return result.isError() ? in.position() : -1;
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private TextDecoder() {}
}
