package dev.articlesearch.core;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.articlesearch.core.internal.corpus.CorpusReader;
import dev.articlesearch.core.internal.corpus.TextDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a file's bytes become an article: UTF-8, with its byte order mark removed, or else GB18030;
 * a file valid in neither is skipped naming the first bad UTF-8 byte, and so are empty and blank
 * files, with the reason; a file whose writer pauses halfway is read whole once it has been quiet.
 */
class CorpusReaderEncodingTest extends CorpusReaderFixtures {
  @Test
  void utf8ByteOrderMarkIsRemovedBeforeTheTitle() throws Exception {
    byte[] bytes = concat(bytes(0xEF, 0xBB, 0xBF), "智谱AI发展史\r\n-\r\n第一段。\r\n".getBytes(UTF_8));
    Path file = writeBytes("bom.txt", bytes);

    assertEquals(
        new CorpusReader.FileResult(
            file,
            bytes.length,
            new Article("bom", "智谱AI发展史", false, List.of(new Paragraph(1, "第一段。"))),
            null,
            // What an update compares: the hash of the bytes as they are, the size and the time.
            new CorpusReader.Source(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                bytes.length, Files.getLastModifiedTime(file).toMillis())),
        CorpusReader.read(file));
  }

  @Test
  void utf8ByteOrderMarkIsRemovedBeforeTheFirstParagraph() throws IOException {
    Path file = writeBytes("bom.txt", concat(bytes(0xEF, 0xBB, 0xBF), "第一段。\n".getBytes(UTF_8)));

    assertEquals(
        new Article("bom", "第一段", true, List.of(new Paragraph(1, "第一段。"))),
        CorpusReader.read(file).article());
  }

  @Test
  void gb18030FileIsReadAsChineseSearchableAndStoredExactly() throws Exception {
    byte[] bytes =
        ("智谱AI发展史\n-\n"
                + "\u3000\u3000智谱AI发布了新一代基座大模型GLM-4，中文能力大幅提升。\n"
                + "\u3000\u3000智谱清言的用户数突破千万。\n")
            .getBytes(GB18030);
    writeBytes("gb.txt", bytes);
    assertEquals(GB18030, TextDecoder.decode(bytes).charset()); // not valid UTF-8

    RebuildReport report = ArticleIndex.rebuild(corpus, indexDir);

    assertEquals(List.of(), report.skipped());
    assertEquals(1, report.articles());
    assertEquals(2, report.paragraphs());
    assertEquals(bytes.length, report.bytesRead());
    try (ArticleIndex index = ArticleIndex.open(indexDir)) {
      assertEquals(
          Optional.of(
              new Article(
                  "gb",
                  "智谱AI发展史",
                  false,
                  List.of(
                      new Paragraph(1, "智谱AI发布了新一代基座大模型GLM-4，中文能力大幅提升。"),
                      new Paragraph(2, "智谱清言的用户数突破千万。")))),
          index.article("gb"));
      List<Hit> hits = index.search("智谱清言").hits();
      assertEquals(1, hits.size());
      assertEquals("gb", hits.get(0).articleId());
      assertEquals(2, hits.get(0).paragraph());
      assertEquals("智谱清言的用户数突破千万。", hits.get(0).text());
      assertEquals(List.of(new Span(0, 4)), hits.get(0).matches());
    }
  }

  static Stream<Arguments> undecodable() {
    byte[] longValidPrefix = "智谱AI发布GLM-4。".repeat(1000).getBytes(UTF_8);
    return Stream.of(
        Arguments.of("bad byte after ASCII", bytes(0x41, 0xFF, 0xFE, 0x42), 1),
        Arguments.of("bad first byte", bytes(0xFF, 0x41, 0x42), 0),
        Arguments.of(
            "UTF-16LE with byte order mark",
            concat(bytes(0xFF, 0xFE), "智谱AI".getBytes(UTF_16LE)),
            0),
        Arguments.of(
            "bad byte after a byte order mark and Chinese",
            concat(bytes(0xEF, 0xBB, 0xBF), "智谱AI".getBytes(UTF_8), bytes(0xFF)),
            11),
        Arguments.of(
            "bad byte after 24 KB of valid UTF-8",
            concat(longValidPrefix, bytes(0xFF, 0x0A)),
            longValidPrefix.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodable")
  void fileInvalidInUtf8AndGb18030IsSkippedNamingTheFirstBadUtf8Byte(
      String name, byte[] bytes, int offset) throws IOException {
    Path file = writeBytes("bad.txt", bytes);

    assertEquals(
        new CorpusReader.FileResult(
            file,
            bytes.length,
            null,
            new SkippedFile(
                "bad.txt", "not valid UTF-8 (first bad byte at offset " + offset + ") nor GB18030")),
        CorpusReader.read(file));
  }

  @Test
  void emptyFileIsSkipped() throws IOException {
    Path file = writeBytes("empty.txt", new byte[0]);

    assertEquals(
        new CorpusReader.FileResult(file, 0, null, new SkippedFile("empty.txt", "empty file")),
        CorpusReader.read(file));
  }

  @Test
  void whitespaceOnlyFileIsSkipped() throws IOException {
    Path file = write("blank.txt", " \n\t\r\n\u3000\u3000\n");

    assertEquals(
        new CorpusReader.FileResult(file, 12, null, new SkippedFile("blank.txt", NO_PARAGRAPHS)),
        CorpusReader.read(file));
  }

  /**
   * A writer that pauses in the middle of a file leaves it with a size and modification time that
   * do not change while it is read; only waiting until the file has been quiet for a while tells a
   * half-written file from a whole one.
   */
  @Test
  void aFileWhoseWriterPausesHalfwayIsReadWholeOnceItHasBeenQuiet() throws Exception {
    Path file = corpus.resolve("paused.txt");
    String firstHalf = "暂停的写入\n-\n第一段 first half。\n";
    String secondHalf = "第二段 second half。\n";
    CorpusReader.FileResult result;
    try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
      channel.write(ByteBuffer.wrap(firstHalf.getBytes(UTF_8)));
      Thread writer = new Thread(() -> {
        try {
          Thread.sleep(60);
          channel.write(ByteBuffer.wrap(secondHalf.getBytes(UTF_8)));
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      result = CorpusReader.read(file);
      writer.join();
    }

    assertNull(result.skipped());
    assertEquals(
        List.of(new Paragraph(1, "第一段 first half。"), new Paragraph(2, "第二段 second half。")),
        result.article().paragraphs());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
