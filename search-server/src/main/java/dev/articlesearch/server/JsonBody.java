package dev.articlesearch.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an answer as JSON straight to UTF-8 bytes. Javalin's {@code ctx.json} builds a String
 * first and then encodes it: for a page of Chinese paragraphs that second pass over every
 * character was about a fifth of a search's CPU time over HTTP.
 *
 * <p>The bytes are the ones {@code ctx.json} wrote: the same mapper, with Jackson's UTF-8 writer
 * told to write a character outside the BMP (an emoji) as its four UTF-8 bytes, as the String's
 * encoding did, not as two {@code \\uD83D\\uDE00} escapes (its default), and a lone surrogate as
 * {@code ?}, as the String's encoding did.
 */
final class JsonBody {
  private final ObjectWriter writer;

  JsonBody(ObjectMapper mapper) {
    ObjectMapper utf8 = mapper.copy().registerModule(
        new SimpleModule("well-formed strings").addSerializer(String.class, new WellFormed()));
    this.writer = utf8.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
  }

  /** Sets {@code body} as the answer, with the content type {@code ctx.json} sets. */
  void write(Context ctx, Object body) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(bytes(body));
  }

  byte[] bytes(Object body) {
    try {
      return writer.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes each lone surrogate of a String as {@code ?}, as String's UTF-8 encoding does. */
  private static final class WellFormed extends StdSerializer<String> {
    private static final long serialVersionUID = 1L;

    WellFormed() {
      super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(wellFormed(value));
    }

    static String wellFormed(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (Character.isSurrogate(s.charAt(i))) {
          if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            i++;
          } else {
            return repaired(s);
          }
        }
      }
      return s;
    }

    private static String repaired(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          out.append(c).append(s.charAt(++i));
        } else {
          out.append(Character.isSurrogate(c) ? '?' : c);
        }
      }
      return out.toString();
    }
  }
}
