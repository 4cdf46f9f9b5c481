package dev.articlesearch.core.internal.index;

import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;

/**
 * How the index is written: Lucene's default codec, with the stored paragraphs compressed in
 * chunks of 16 KB instead of 80 KB. Reading one stored paragraph decompresses the chunk's
 * dictionary and the part of the chunk that holds it; with 80 KB chunks that was about 10 µs per
 * hit, most of what fetching a page of hits cost, for 16% more bytes of stored text here it is
 * about 3 µs (measured on the 100k corpus).
 *
 * <p>Only the writer differs. The files are Lucene's own fast stored-fields format (the same
 * format name, the same compression, the mode recorded where Lucene records it, the codec's own
 * name), and a chunk's size is read from the file, so Lucene's default codec reads them: an index
 * written before this, or by this, opens with any Lucene 10 tool (CheckIndex, Luke) and needs no
 * codec of ours on the class path.
 */
public final class IndexCodec extends FilterCodec {
  /** Lucene's default codec, with the paragraph vectors' format ({@link VectorFormat}). */
  private static final Codec DEFAULT = VectorFormat.codec();

  /** Bytes of stored documents per compressed chunk. */
  static final int CHUNK_BYTES = 16 * 1024;

  /** At most this many documents per chunk (a chunk of many short paragraphs). */
  static final int CHUNK_DOCS = 128;

  /** The name and mode Lucene's own writer gives its fast stored fields. */
  private static final String FORMAT_NAME = "Lucene90StoredFieldsFastData";

  private static final String MODE = Lucene90StoredFieldsFormat.Mode.BEST_SPEED.name();

  private final StoredFieldsFormat stored = new SmallChunks();

  public IndexCodec() {
    super(DEFAULT.getName(), DEFAULT);
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return stored;
  }

  /** Lucene's reader; Lucene's fast writer with smaller chunks. */
  private static final class SmallChunks extends StoredFieldsFormat {
    private final StoredFieldsFormat writer = new Lucene90CompressingStoredFieldsFormat(
        FORMAT_NAME, Lucene90StoredFieldsFormat.BEST_SPEED_MODE, CHUNK_BYTES, CHUNK_DOCS, 10);

    @Override
    public StoredFieldsReader fieldsReader(Directory directory, SegmentInfo si, FieldInfos fn,
        IOContext context) throws IOException {
      return DEFAULT.storedFieldsFormat().fieldsReader(directory, si, fn, context);
    }

    @Override
    public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context)
        throws IOException {
      String previous = si.putAttribute(Lucene90StoredFieldsFormat.MODE_KEY, MODE);
      if (previous != null && !previous.equals(MODE)) {
        throw new IllegalStateException("Segment " + si.name + " was already written in mode "
            + previous + ", not " + MODE);
      }
      return writer.fieldsWriter(directory, si, context);
    }
  }
}
