package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.articlesearch.core.internal.index.IndexCodec;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsReader;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's codec writes Lucene's own fast stored-fields format in smaller chunks: Lucene's
 * default codec, found by name as any Lucene tool finds it, reads every stored text back.
 */
class IndexCodecTest {
  @TempDir Path dir;

  private static String text(int i) {
    return "第" + i + "段：智谱AI的大模型 GLM-" + i + " 😀 " + "清华大学".repeat(i % 40);
  }

  @Test
  void lucenesDefaultCodecReadsTheStoredTextsInSixteenKilobyteChunks() throws Exception {
    int docs = 3_000;
    try (Directory d = FSDirectory.open(dir)) {
      try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setCodec(new IndexCodec()))) {
        for (int i = 0; i < docs; i++) {
          Document doc = new Document();
          doc.add(new StoredField("text", text(i)));
          doc.add(new StoredField("paragraph", i));
          w.addDocument(doc);
        }
        w.forceMerge(1);
        w.commit();
      }
      try (DirectoryReader r = DirectoryReader.open(d)) {
        SegmentReader segment = assertInstanceOf(SegmentReader.class, r.leaves().get(0).reader());
        assertEquals("Lucene104", segment.getSegmentInfo().info.getCodec().getName());
        assertEquals("BEST_SPEED",
            segment.getSegmentInfo().info.getAttribute(Lucene90StoredFieldsFormat.MODE_KEY));
        Method chunkSize = Lucene90CompressingStoredFieldsReader.class.getDeclaredMethod("getChunkSize");
        chunkSize.setAccessible(true);
        assertEquals(16 * 1024, chunkSize.invoke(segment.getFieldsReader()));
        StoredFields stored = r.storedFields();
        for (int i = 0; i < docs; i++) {
          Document doc = stored.document(i);
          int n = doc.getField("paragraph").numericValue().intValue();
          assertEquals(text(n), doc.get("text"));
        }
      }
    }
  }
}
