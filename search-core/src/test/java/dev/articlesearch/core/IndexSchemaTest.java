package dev.articlesearch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.articlesearch.core.internal.analysis.Tokens;
import dev.articlesearch.core.internal.schema.FieldAnalyzers;
import dev.articlesearch.core.internal.schema.Fields;
import dev.articlesearch.core.internal.schema.IndexSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public description of the index for other engines: the analyzers by name, the OpenSearch
 * mapping, and that both say what the embedded index really does.
 */
class IndexSchemaTest {
  @Test
  void openSearchDocumentsHoldWhatTheEmbeddedIndexHoldsOneParagraphEach() {
    Article titled = new Article("zh_001", "清华大学与智谱AI", false,
        List.of(new Paragraph(1, "智谱AI源自清华大学。"), new Paragraph(2, "ChatGLM3-6B 开源。")));
    assertEquals(List.of(
            Map.of("article_id", "zh_001", "paragraph", 1, "text", "智谱AI源自清华大学。",
                "display_title", "清华大学与智谱AI", "title_derived", 0, "title", "清华大学与智谱AI",
                "words", "清华大学与智谱AI"),
            Map.of("article_id", "zh_001", "paragraph", 2, "text", "ChatGLM3-6B 开源。",
                "display_title", "清华大学与智谱AI", "title_derived", 0, "title", "清华大学与智谱AI")),
        IndexSchema.openSearchDocuments(titled));
    // A derived title repeats the first paragraph: shown, never searched (as in the embedded index).
    Article untitled = new Article("en_002", "Zhizhu released GLM-4", true,
        List.of(new Paragraph(1, "Zhizhu released GLM-4. It is open.")));
    assertEquals(List.of(Map.of("article_id", "en_002", "paragraph", 1,
            "text", "Zhizhu released GLM-4. It is open.", "display_title", "Zhizhu released GLM-4",
            "title_derived", 1)),
        IndexSchema.openSearchDocuments(untitled));
    // Every key is a field of the mapping, whose "dynamic": "strict" refuses any other.
    String mapping = IndexSchema.openSearchMapping();
    for (var doc : IndexSchema.openSearchDocuments(titled)) {
      doc.keySet().forEach(k -> assertTrue(mapping.contains("\"" + k + "\": {"), k));
    }
  }

  @Test
  void openSearchMappingIsGeneratedFromTheFields() {
    assertEquals(
        """
        {
          "dynamic": "strict",
          "_source": {
            "includes": ["article_id", "paragraph", "text", "display_title", "title_derived", "source_hash"]
          },
          "properties": {
            "article_id": {
              "type": "keyword"
            },
            "paragraph": {
              "type": "integer"
            },
            "text": {
              "type": "text",
              "analyzer": "articlesearch_text",
              "index_options": "offsets",
              "copy_to": ["words"],
              "fields": {
                "cjk": {
                  "type": "text",
                  "analyzer": "articlesearch_cjk",
                  "search_analyzer": "articlesearch_cjk_query",
                  "index_options": "offsets"
                }
              }
            },
            "words": {
              "type": "text",
              "analyzer": "articlesearch_vocabulary",
              "index_options": "docs",
              "norms": false,
              "fielddata": true
            },
            "title": {
              "type": "text",
              "analyzer": "articlesearch_text",
              "fields": {
                "cjk": {
                  "type": "text",
                  "analyzer": "articlesearch_cjk",
                  "search_analyzer": "articlesearch_cjk_query"
                }
              }
            },
            "display_title": {
              "type": "keyword",
              "index": false,
              "doc_values": false
            },
            "title_derived": {
              "type": "integer",
              "index": false,
              "doc_values": false
            },
            "source_hash": {
              "type": "keyword",
              "index": false,
              "doc_values": false
            },
            "source_size": {
              "type": "long",
              "index": false
            },
            "source_modified": {
              "type": "long",
              "index": false
            }
          }
        }
        """,
        IndexSchema.openSearchMapping());
  }

  /** The field descriptions the mapping is made from are what the index builder really writes. */
  @Test
  void builtIndexHasExactlyTheDescribedFields(@TempDir Path dir) throws IOException {
    ArticleIndex.rebuild(TestIndexes.SEEDS, dir); // 002_… has a title line: every field occurs
    try (FSDirectory d = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(d)) {
      FieldInfos infos = FieldInfos.getMergedFieldInfos(reader);
      Set<String> described = new TreeSet<>();
      for (Fields.Spec spec : Fields.ALL) {
        described.add(spec.name());
        FieldInfo info = infos.fieldInfo(spec.name());
        assertTrue(info != null, spec.name() + " is not in the index");
        assertEquals(spec.indexOptions(), info.getIndexOptions(), spec.name());
        assertEquals(spec.norms(),
            info.getIndexOptions() != IndexOptions.NONE && !info.omitsNorms(), spec.name() + " norms");
        DocValuesType docValues = !spec.docValues() ? DocValuesType.NONE
            : switch (spec.type()) {
              case INTEGER -> DocValuesType.SORTED_NUMERIC;
              case LONG -> DocValuesType.NUMERIC; // updatable in place
              default -> DocValuesType.SORTED;
            };
        assertEquals(docValues, info.getDocValuesType(), spec.name() + " doc values");
        assertEquals(spec.type() == Fields.Type.INTEGER && spec.indexed() ? 1 : 0,
            info.getPointDimensionCount(), spec.name() + " points");
      }
      Set<String> inIndex = new TreeSet<>();
      infos.forEach(i -> inIndex.add(i.name));
      assertTrue(described.containsAll(inIndex), "fields not described: " + inIndex);

      Set<String> stored = new TreeSet<>();
      for (int doc = 0; doc < reader.maxDoc(); doc++) {
        for (IndexableField f : reader.storedFields().document(doc)) {
          stored.add(f.name());
        }
      }
      Set<String> describedStored = new TreeSet<>();
      Fields.ALL.stream().filter(Fields.Spec::stored).forEach(s -> describedStored.add(s.name()));
      assertEquals(describedStored, stored);
    }
  }

  @Test
  void analyzersAreListedByName() {
    assertEquals(
        List.of("articlesearch_text", "articlesearch_cjk", "articlesearch_cjk_query",
            "articlesearch_vocabulary"),
        IndexSchema.analyzerNames());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndexSchema.newAnalyzer("smartcn"));
    assertEquals("Unknown analyzer 'smartcn'; known: articlesearch_text, articlesearch_cjk, "
        + "articlesearch_cjk_query, articlesearch_vocabulary", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IndexSchema.newAnalyzer(null));
    try (Analyzer a = IndexSchema.newAnalyzer("articlesearch_text");
        Analyzer b = IndexSchema.newAnalyzer("articlesearch_text")) {
      assertNotSame(a, b); // each engine's index closes its own
    }
  }

  /** The named analyzers are the ones the library indexes and queries with. */
  @Test
  void namedAnalyzersAnalyseAsTheLibrary() {
    String text = "清華大學的ChatGLM3-6B模型，ＧＰＴ-3.5 and foo_bar.baz() 🎉𠮷野家 智谱AI";
    List<AnalyzedToken> library = ArticleIndex.analyze(text);
    List<AnalyzedToken> named = new ArrayList<>();
    try (Analyzer words = IndexSchema.newAnalyzer("articlesearch_text");
        Analyzer cjk = IndexSchema.newAnalyzer("articlesearch_cjk")) {
      named.addAll(Tokens.of(words, Fields.TEXT, text));
      named.addAll(Tokens.of(cjk, Fields.TEXT_CJK, text));
    }
    assertEquals(library, named);
    for (Fields.Spec spec : Fields.ALL) {
      if (spec.analyzer() == null) {
        continue;
      }
      String query = spec.searchAnalyzer() != null ? spec.searchAnalyzer() : spec.analyzer();
      try (Analyzer index = IndexSchema.newAnalyzer(spec.analyzer());
          Analyzer search = IndexSchema.newAnalyzer(query)) {
        assertEquals(Tokens.of(FieldAnalyzers.index(), spec.name(), text),
            Tokens.of(index, spec.name(), text), spec.name());
        if (!spec.name().equals(Fields.WORDS)) { // never analysed at query time
          assertEquals(Tokens.of(FieldAnalyzers.query(), spec.name(), text),
              Tokens.of(search, spec.name(), text), spec.name());
        }
      }
    }
  }
}
