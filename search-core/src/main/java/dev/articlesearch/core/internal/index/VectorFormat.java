package dev.articlesearch.core.internal.index;

import dev.articlesearch.core.internal.schema.Fields;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;

/**
 * How the paragraph vectors are stored: an HNSW graph searched over scalar-quantized vectors
 * (Lucene's default encoding for it), the float vectors kept beside them; the default codec for
 * every other field. Quantized, the part of the index a vector search reads is about a quarter of
 * the floats', and on the judged set no group's nDCG@10 moved by more than 0.005 in any mode
 * (hybrid overall 0.780 with floats, 0.779 quantized). A subclass of the default codec keeps its
 * name in the segments, and each field's format name is recorded with the field, so any reader
 * opens the index.
 */
final class VectorFormat {
  private static final KnnVectorsFormat QUANTIZED_HNSW = new Lucene104HnswScalarQuantizedVectorsFormat();

  private VectorFormat() {}

  static Codec codec() {
    return new Lucene104Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return field.startsWith(Fields.VECTOR_PREFIX) ? QUANTIZED_HNSW
            : super.getKnnVectorsFormatForField(field);
      }
    };
  }
}
