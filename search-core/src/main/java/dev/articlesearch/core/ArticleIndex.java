package dev.articlesearch.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.ExitableDirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.spell.HighFrequencyDictionary;
import org.apache.lucene.search.suggest.Lookup;
import org.apache.lucene.search.suggest.fst.WFSTCompletionLookup;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A searchable article index on disk: the library's entry point.
 *
 * <pre>{@code
 * ArticleIndex.rebuild(Path.of("seeds"), Path.of("data/index"));
 * try (ArticleIndex index = ArticleIndex.open(Path.of("data/index"))) {
 *   SearchResult result = index.search(SearchRequest.of("ChatGLM3-6B"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves any number of threads. It notices a newer commit written by
 * another process or a {@link #rebuild} and serves it without a restart; searches already running
 * finish on the index they started on.
 */
public final class ArticleIndex implements ArticleSearch {
  /** How often an open index looks for a newer commit on disk, by default. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(ArticleIndex.class.getName());

  private final Path path;
  private final Directory directory;
  private final SearcherManager searchers;
  private final ScheduledExecutorService refresher;
  private final Limits limits;
  private final TimeBudget budget;

  /** The alias file in use and the state it was read in, so an edit is noticed. */
  private record AliasFile(Path file, long modified, long size, Aliases aliases) {
    static final AliasFile NONE = new AliasFile(null, 0, 0, Aliases.NONE);
  }

  private volatile AliasFile aliases = AliasFile.NONE;

  /** The completion automaton of one index version, built on first use. */
  private record Completions(IndexReader reader, Lookup lookup) {}

  private volatile Completions completions;

  private ArticleIndex(Path path, Directory directory, SearcherManager searchers, Duration refresh,
      Limits limits, TimeBudget budget) {
    this.path = path;
    this.directory = directory;
    this.searchers = searchers;
    this.limits = limits;
    this.budget = budget;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "index-refresh " + path);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, refresh.toMillis());
    // smartcn loads its dictionaries (about a second) on first use: here, in the background, so
    // the caller (a server starting its HTTP listener) goes on meanwhile; a query that comes
    // sooner waits for the load as it would anyway.
    refresher.execute(() -> Tokens.of(Analyzers.index(), Fields.TEXT, "预热"));
    refresher.execute(this::prepareCompletions);
    refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Opens the index in {@code indexDir}, looking for newer commits every second. */
  public static ArticleIndex open(Path indexDir) {
    return open(indexDir, DEFAULT_REFRESH_INTERVAL);
  }

  /**
   * Opens the index in {@code indexDir}.
   *
   * @throws SearchException if the folder holds no index (build one with {@link #rebuild}), cannot
   *     be read, or is damaged: every file's checksum is verified before the first search, so a
   *     corrupt index is refused rather than served with wrong hits
   */
  public static ArticleIndex open(Path indexDir, Duration refreshInterval) {
    return open(indexDir, refreshInterval, Limits.DEFAULTS);
  }

  /** Opens the index in {@code indexDir} with {@code limits} on every request. */
  public static ArticleIndex open(Path indexDir, Limits limits) {
    return open(indexDir, DEFAULT_REFRESH_INTERVAL, limits);
  }

  /**
   * Opens the index in {@code indexDir}, holding every request to {@code limits}.
   *
   * @throws SearchException if the folder holds no index (build one with {@link #rebuild}) or
   *     cannot be read
   */
  public static ArticleIndex open(Path indexDir, Duration refreshInterval, Limits limits) {
    Validate.notNull("indexDir", indexDir);
    Validate.notNull("refreshInterval", refreshInterval);
    Validate.notNull("limits", limits);
    if (!Files.isDirectory(indexDir)) {
      throw new SearchException(Files.exists(indexDir)
          ? "No index at " + indexDir + ": it is a file, not a folder"
          : "No index at " + indexDir + ": the folder does not exist; build it with --rebuild,"
              + " or pass --index with the folder that holds it");
    }
    Directory dir = null;
    SearcherManager searchers = null;
    try {
      dir = FSDirectory.open(indexDir);
      TimeBudget budget = new TimeBudget(limits.timeout());
      // Term enumeration (a wildcard's rewrite) is stopped by the reader, collecting hits by the
      // searcher: between them every long step of a search looks at the budget.
      DirectoryReader reader = ExitableDirectoryReader.wrap(DirectoryReader.open(dir), budget);
      searchers = new SearcherManager(reader, new SearcherFactory() {
        @Override
        public IndexSearcher newSearcher(IndexReader r, IndexReader previous) throws IOException {
          IntegrityCheck.verify(r); // every commit, at open and at each refresh, before it serves
          IndexSearcher s = new IndexSearcher(r);
          s.setTimeout(budget);
          return s;
        }
      });
      ArticleIndex index =
          new ArticleIndex(indexDir, dir, searchers, refreshInterval, limits, budget);
      try {
        index.reloadAliases(true);
      } catch (CorpusException e) {
        index.close();
        throw e;
      }
      return index;
    } catch (CorpusException e) {
      throw e;
    } catch (IndexNotFoundException e) {
      closeQuietly(dir);
      throw new SearchException("No index in " + indexDir + "; rebuild it from a corpus first", e);
    } catch (IOException | RuntimeException e) {
      SearchException damaged = IntegrityCheck.damaged(indexDir, e);
      if (searchers != null) {
        try {
          searchers.close();
        } catch (IOException ignored) {
          // already failing with the more useful error
        }
      }
      closeQuietly(dir);
      if (damaged != null) {
        throw damaged;
      }
      throw new SearchException("Cannot open the index in " + indexDir + ": " + e, e);
    }
  }

  /**
   * Rebuilds the index in {@code indexDir} from the corpus folder as one atomic step. Readers of
   * the old index keep it until the new one is committed; if the rebuild fails or the process dies,
   * the old index is left as it was.
   *
   * @throws CorpusException if the corpus folder is missing or no article in it can be read
   * @throws SearchException if the index cannot be written
   */
  public static RebuildReport rebuild(Path corpus, Path indexDir) {
    return rebuild(corpus, indexDir, progress -> {});
  }

  /**
   * {@link #rebuild(Path, Path)}, telling {@code listener} how far it has got after every file and
   * once more before the commit. The listener runs on the rebuilding thread: keep it quick.
   */
  public static RebuildReport rebuild(
      Path corpus, Path indexDir, Consumer<RebuildProgress> listener) {
    return IndexBuilder.rebuild(corpus, indexDir, listener);
  }

  /** How the analysis sees a text: the terms of the word field and of the CJK bigram field. */
  public static List<AnalyzedToken> analyze(String text) {
    List<AnalyzedToken> tokens = new ArrayList<>(Tokens.of(Analyzers.index(), Fields.TEXT, text));
    tokens.addAll(Tokens.of(Analyzers.index(), Fields.TEXT_CJK, text));
    return tokens;
  }

  /** The folder this index was opened on. */
  public Path path() {
    return path;
  }

  /** {@code index <folder>}. */
  @Override
  public String source() {
    return "index " + path;
  }

  /** The limits every request to this index is held to. */
  @Override
  public Limits limits() {
    return limits;
  }

  /** Looks for a newer commit now rather than at the next refresh interval. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      SearchException damaged = IntegrityCheck.damaged(path, e);
      if (damaged != null) {
        throw damaged; // the commit served until now stays in service
      }
      throw new SearchException("Cannot refresh the index in " + path + ": " + e, e);
    }
  }

  @Override
  public SearchResult search(String query) {
    return search(SearchRequest.of(query));
  }

  /**
   * Runs a search.
   *
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query (never for {@code
   *     simple})
   */
  @Override
  public SearchResult search(SearchRequest request) {
    long started = System.nanoTime();
    checkPaging(request);
    QueryPlan plan = plan(request.query(), request.syntax(), request.fuzzy());
    return withSearcher(s -> {
      if (plan.isEmpty()) {
        return new SearchResult(request, 0, true, since(started), List.of(), null);
      }
      List<Query> tiers = plan.tiers(articleFilter(request.articles()));
      Page page = request.groupByArticle()
          ? articlePage(s, tiers, request.offset(), request.limit())
          : paragraphPage(s, tiers, request.offset(), request.limit(), Counting.LIMIT);
      List<Hit> hits = hits(s, page.docs(), page.otherParagraphs(), plan, request);
      String didYouMean = request.syntax() == QuerySyntax.SIMPLE
          ? didYouMean(s, request, tiers.get(0)) : null;
      return new SearchResult(request, page.total(), page.totalExact(), since(started), hits,
          didYouMean);
    });
  }

  private void checkPaging(SearchRequest request) {
    SearchPlan.checkPaging(request, limits);
  }

  /**
   * The query with misspellings corrected, when the correction finds paragraphs with every word
   * that this query does not, or at least twice as many.
   */
  private String didYouMean(IndexSearcher s, SearchRequest request, Query allWords)
      throws IOException {
    String corrected = Spelling.correct(s.getIndexReader(), request.query());
    if (corrected == null) {
      return null;
    }
    QueryPlan plan = plan(corrected, QuerySyntax.SIMPLE, request.fuzzy());
    if (plan.isEmpty()) {
      return null;
    }
    int now = Counting.upTo(s, allWords, Counting.LIMIT);
    int then = Counting.upTo(s, plan.tiers(articleFilter(request.articles())).get(0), Counting.LIMIT);
    return then > 0 && (now == 0 || then >= 2 * now) ? corrected : null;
  }

  /**
   * One page of hits, the total they are a page of (exact, or a lower bound past {@link
   * Counting#LIMIT}), and (grouped) each hit's other paragraphs.
   */
  record Page(long total, boolean totalExact, List<ScoreDoc> docs,
      Map<Integer, List<Integer>> otherParagraphs) {}

  /**
   * Paragraphs, tier by tier: a tier is only ranked as deep as the page needs, the rest counted,
   * all only as far as {@code countLimit}.
   */
  static Page paragraphPage(IndexSearcher s, List<Query> tiers, int offset, int limit,
      int countLimit) throws IOException {
    int need = offset + limit;
    List<ScoreDoc> ranked = new ArrayList<>(need);
    long total = 0;
    boolean exact = true;
    for (Query tier : tiers) {
      int budget = (int) Math.max(0, countLimit - total);
      if (ranked.size() < need) {
        TopDocs top = Ranking.top(s, tier, need - ranked.size(), budget);
        total += top.totalHits.value();
        exact &= top.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
        ranked.addAll(List.of(top.scoreDocs));
      } else if (budget == 0) {
        exact &= Counting.upTo(s, tier, 1) == 0;
      } else {
        int n = Counting.upTo(s, tier, budget);
        total += n;
        exact &= n < budget;
      }
    }
    return new Page(total, exact, window(ranked, offset, limit), Map.of());
  }

  /** Articles at the rank of their best paragraph; every hit is grouped to count the articles. */
  private static Page articlePage(IndexSearcher s, List<Query> tiers, int offset, int limit)
      throws IOException {
    List<ArticleGroups.Group> groups = ArticleGroups.collect(s, tiers);
    List<ScoreDoc> docs = new ArrayList<>();
    Map<Integer, List<Integer>> others = new HashMap<>();
    for (ArticleGroups.Group g : window(groups, offset, limit)) {
      docs.add(g.best());
      others.put(g.best().doc, g.otherParagraphs());
    }
    return new Page(groups.size(), true, docs, others);
  }

  /**
   * The Lucene queries {@link #search(SearchRequest)} runs for this request, tier by tier: every
   * hit of a tier ranks above every hit of the next, and a tier runs only when the earlier ones
   * do not fill the page. For running the same search on another Lucene-based engine (the
   * benchmarks run them on OpenSearch); empty when the query has nothing to search for.
   *
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   */
  public List<Query> queryTiers(SearchRequest request) {
    QueryPlan plan = plan(request.query(), request.syntax(), request.fuzzy());
    return plan.isEmpty() ? List.of() : plan.tiers(articleFilter(request.articles()));
  }

  /**
   * The article, or one paragraph of it, with every match of the query marked.
   *
   * @return empty if there is no such article, or no such paragraph in it
   * @throws InvalidQueryException for a malformed {@code lucene}-syntax query
   */
  @Override
  public Optional<HighlightResult> highlight(HighlightRequest request) {
    QueryPlan plan = plan(request.query(), request.syntax(), false);
    return withSearcher(s -> {
      if (request.paragraph() == 0) {
        SearchPlan.checkHighlightParagraphs(request.articleId(),
            s.count(rangeQuery(request.articleId(), Integer.MIN_VALUE, Integer.MAX_VALUE)), limits);
      }
      List<StoredParagraph> paragraphs = paragraphs(s, request.articleId(), request.paragraph());
      if (paragraphs.isEmpty()) {
        return Optional.empty();
      }
      int[] docs = paragraphs.stream().mapToInt(StoredParagraph::doc).toArray();
      MatchHighlighter.Matches[] matches = new MatchHighlighter.Matches[docs.length];
      if (!plan.isEmpty()) {
        MatchHighlighter highlighter = new MatchHighlighter(s);
        // In slices, with a look at the budget between them: the highlighter itself never looks.
        for (int from = 0; from < docs.length; from += HIGHLIGHT_SLICE) {
          budget.check();
          int to = Math.min(docs.length, from + HIGHLIGHT_SLICE);
          MatchHighlighter.Matches[] slice = highlighter.allMatches(plan.matchQuery(),
              Arrays.copyOfRange(docs, from, to), paragraphs.subList(from, to).stream()
                  .map(StoredParagraph::text).toArray(String[]::new));
          System.arraycopy(slice, 0, matches, from, slice.length);
        }
      }
      List<HighlightResult.HighlightedParagraph> out = new ArrayList<>();
      for (int i = 0; i < docs.length; i++) {
        StoredParagraph p = paragraphs.get(i);
        List<Span> spans = matches[i] == null ? List.of() : matches[i].spans();
        out.add(new HighlightResult.HighlightedParagraph(
            p.number(), p.text(), request.markup().apply(p.text(), spans, 0, p.text().length()), spans));
      }
      StoredParagraph first = paragraphs.get(0);
      return Optional.of(new HighlightResult(request.articleId(), first.title(), first.titleDerived(), out));
    });
  }

  /** What the index being served holds: counts, and when it was committed. */
  @Override
  public IndexStats stats() {
    return withSearcher(s -> {
      var reader = (DirectoryReader) s.getIndexReader();
      Map<String, String> data = reader.getIndexCommit().getUserData();
      String at = data.get(IndexBuilder.COMMITTED_AT_KEY);
      int articles = data.containsKey(IndexBuilder.ARTICLES_KEY)
          ? Integer.parseInt(data.get(IndexBuilder.ARTICLES_KEY))
          : articles().size();
      return new IndexStats(articles, reader.numDocs(), at == null ? null : Instant.parse(at));
    });
  }

  /** Paragraphs highlighted between two looks at the time budget. */
  private static final int HIGHLIGHT_SLICE = 100;

  /** How many related paragraphs {@link #related} returns per list, at most. */
  public static final int MAX_RELATED = 50;

  /**
   * The paragraphs most like one paragraph: from other articles, and from its own article.
   *
   * @param limit paragraphs per list, 1 to {@value #MAX_RELATED}
   * @return empty if there is no such article or paragraph
   */
  @Override
  public Optional<Related> related(String articleId, int paragraph, int limit) {
    Validate.notBlank("articleId", articleId);
    Validate.atLeast("paragraph", paragraph, 1);
    Validate.between("limit", limit, 1, MAX_RELATED);
    return withSearcher(s -> {
      List<StoredParagraph> self = range(s, articleId, paragraph, paragraph);
      if (self.isEmpty()) {
        return Optional.empty();
      }
      RelatedQueries q = RelatedQueries.of(s.getIndexReader(), articleId, paragraph,
          self.get(0).text());
      return Optional.of(new Related(articleId, paragraph,
          relatedParagraphs(s, q.otherArticles(), limit), relatedParagraphs(s, q.sameArticle(), limit)));
    });
  }

  private static List<Related.RelatedParagraph> relatedParagraphs(IndexSearcher s, Query q, int limit)
      throws IOException {
    StoredFields stored = s.storedFields();
    List<Related.RelatedParagraph> out = new ArrayList<>();
    for (ScoreDoc sd : Ranking.top(s, q, limit, limit).scoreDocs) {
      StoredParagraph p = StoredParagraph.of(sd.doc, stored.document(sd.doc));
      out.add(new Related.RelatedParagraph(p.articleId(), p.title(), p.number(), sd.score, p.text()));
    }
    return out;
  }

  /** Most suggestions {@link #suggest} returns. */
  public static final int MAX_SUGGESTIONS = 20;

  /**
   * Words and two-word phrases of the articles that start with {@code prefix}, most frequent
   * first: {@code 智} gives {@code 智谱}, {@code 清华} gives {@code 清华大学}, {@code tsinghua u}
   * gives {@code tsinghua university}. The prefix is folded like the text (case, width,
   * traditional characters).
   *
   * @param limit 1 to {@value #MAX_SUGGESTIONS}
   */
  @Override
  public List<Suggestion> suggest(String prefix, int limit) {
    Validate.notNull("prefix", prefix);
    Validate.between("limit", limit, 1, MAX_SUGGESTIONS);
    String key = SearchPlan.suggestionKey(prefix, limits);
    if (key == null) {
      return List.of();
    }
    return withSearcher(s -> {
      List<Suggestion> candidates = new ArrayList<>();
      for (Lookup.LookupResult r : completions(s).lookup(key, false,
          SearchPlan.suggestionCandidates(limit))) {
        candidates.add(new Suggestion(r.key.toString(), r.value));
      }
      return SearchPlan.usefulSuggestions(prefix, candidates, limit);
    });
  }

  private Lookup completions(IndexSearcher s) throws IOException {
    IndexReader reader = s.getIndexReader();
    Completions c = completions;
    if (c != null && c.reader() == reader) {
      return c.lookup();
    }
    synchronized (this) {
      c = completions;
      if (c == null || c.reader() != reader) {
        WFSTCompletionLookup lookup = new WFSTCompletionLookup(new ByteBuffersDirectory(), "suggest");
        // Shared by every later call: a budget running out must not leave it unbuilt.
        budget.unbounded(() -> {
          lookup.build(new HighFrequencyDictionary(reader, Fields.WORDS, 0f).getEntryIterator());
          return null;
        });
        c = new Completions(reader, lookup);
        completions = c;
      }
      return c.lookup();
    }
  }

  /** Every article in the index, by id. */
  @Override
  public List<ArticleSummary> articles() {
    return withSearcher(s -> {
      List<ArticleSummary> out = new ArrayList<>();
      Terms terms = MultiTerms.getTerms(s.getIndexReader(), Fields.ARTICLE_ID);
      if (terms == null) {
        return out;
      }
      StoredFields stored = s.storedFields();
      TermsEnum te = terms.iterator();
      PostingsEnum postings = null;
      for (BytesRef id = te.next(); id != null; id = te.next()) {
        postings = te.postings(postings, PostingsEnum.NONE);
        Document d = stored.document(postings.nextDoc());
        out.add(new ArticleSummary(id.utf8ToString(), d.get(Fields.DISPLAY_TITLE),
            isDerived(d), te.docFreq()));
      }
      return out;
    });
  }

  /** The article with all its paragraphs, or empty if the index has no such id. */
  @Override
  public Optional<Article> article(String id) {
    return withSearcher(s -> {
      List<StoredParagraph> ps = paragraphs(s, id, 0);
      if (ps.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Article(id, ps.get(0).title(), ps.get(0).titleDerived(),
          ps.stream().map(p -> new Paragraph(p.number(), p.text())).toList()));
    });
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    try {
      refresher.awaitTermination(10, TimeUnit.SECONDS); // a refresh in progress ends first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      searchers.close();
      directory.close();
    } catch (IOException e) {
      throw new SearchException("Cannot close the index in " + path + ": " + e, e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private interface SearcherWork<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  /**
   * Runs on one searcher, so every read in a call sees the same commit, within the time budget:
   * past it, throws {@link SearchTimeoutException} instead of returning what it found so far.
   */
  private <T> T withSearcher(SearcherWork<T> work) {
    boolean owner = budget.start();
    boolean ranOut = false;
    T result;
    try {
      result = unbounded(work);
    } catch (ExitableDirectoryReader.ExitingReaderException e) {
      ranOut = true;
      throw new SearchTimeoutException(limits.timeout());
    } finally {
      ranOut |= owner && budget.end();
    }
    if (ranOut) {
      throw new SearchTimeoutException(limits.timeout());
    }
    return result;
  }

  /**
   * Runs on one searcher with no time budget of its own: for the index's own work (refresh,
   * aliases, suggestions), or inside a call that has one.
   */
  private <T> T unbounded(SearcherWork<T> work) {
    IndexSearcher s;
    try {
      s = searchers.acquire();
    } catch (IOException | RuntimeException e) {
      throw new SearchException("The index in " + path + " is closed or unreadable: " + e, e);
    }
    try {
      return work.run(s);
    } catch (IndexSearcher.TooManyClauses e) {
      int max = Math.min(limits.maxClauses(), IndexSearcher.getMaxClauseCount());
      throw LuceneSyntaxParser.tooManyClauses("expands to more than " + Limits.thousands(max), max);
    } catch (IOException e) {
      throw new SearchException("Cannot read the index in " + path + ": " + e, e);
    } finally {
      try {
        searchers.release(s);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Cannot release a searcher of " + path, e);
      }
    }
  }

  private QueryPlan plan(String query, QuerySyntax syntax, boolean fuzzy) {
    return SearchPlan.parse(query, syntax, fuzzy, limits, aliases.aliases());
  }

  /** Refuses an over-long query before any analysis: its cost grows with its length. */
  private void checkLength(String query) {
    SearchPlan.checkLength(query, limits);
  }

  private static Query articleFilter(List<String> ids) {
    return SearchPlan.articleFilter(ids);
  }

  private static <T> List<T> window(List<T> all, int offset, int limit) {
    int from = Math.min(offset, all.size());
    return all.subList(from, Math.min(all.size(), from + limit));
  }

  private List<Hit> hits(IndexSearcher s, List<ScoreDoc> page, Map<Integer, List<Integer>> others,
      QueryPlan plan, SearchRequest request) throws IOException {
    int[] docs = page.stream().mapToInt(sd -> sd.doc).toArray();
    StoredFields stored = s.storedFields();
    StoredParagraph[] paragraphs = new StoredParagraph[docs.length];
    for (int i = 0; i < docs.length; i++) {
      paragraphs[i] = StoredParagraph.of(docs[i], stored.document(docs[i]));
    }
    MatchHighlighter.Matches[] matches = request.highlight()
        ? new MatchHighlighter(s).matchesWithPassage(plan.matchQuery(), docs,
            Arrays.stream(paragraphs).map(StoredParagraph::text).toArray(String[]::new))
        : null;
    List<Hit> hits = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      StoredParagraph p = paragraphs[i];
      List<Paragraph> before = List.of();
      List<Paragraph> after = List.of();
      if (request.context() > 0) {
        List<StoredParagraph> around = range(s, p.articleId(),
            p.number() - request.context(), p.number() + request.context());
        before = around.stream().filter(a -> a.number() < p.number()).map(StoredParagraph::paragraph).toList();
        after = around.stream().filter(a -> a.number() > p.number()).map(StoredParagraph::paragraph).toList();
      }
      hits.add(new Hit(p.articleId(), p.title(), p.titleDerived(), p.number(), page.get(i).score,
          p.text(), matches == null ? null : MatchHighlighter.snippet(p.text(), matches[i], request.markup()),
          matches == null ? List.of() : matches[i].spans(), before, after, others.getOrDefault(docs[i], List.of()),
          request.explain() ? aliasMatches(s, plan, docs[i]) : List.of()));
    }
    return hits;
  }

  /** Which other names of the query's alias groups the document contains. */
  private static List<AliasMatch> aliasMatches(IndexSearcher s, QueryPlan plan, int doc)
      throws IOException {
    List<AliasMatch> out = new ArrayList<>();
    for (QueryPlan.AliasUse use : plan.aliasUses()) {
      for (int i = 0; i < use.others().size(); i++) {
        if (s.explain(use.otherQueries().get(i), doc).isMatch()) {
          out.add(new AliasMatch(use.typed(), use.others().get(i)));
        }
      }
    }
    return out;
  }

  /** One paragraph (or all, for {@code paragraph == 0}) of an article, in order. */
  private static List<StoredParagraph> paragraphs(IndexSearcher s, String articleId, int paragraph)
      throws IOException {
    return paragraph == 0
        ? range(s, articleId, Integer.MIN_VALUE, Integer.MAX_VALUE)
        : range(s, articleId, paragraph, paragraph);
  }

  private static Query rangeQuery(String articleId, int from, int to) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(Fields.ARTICLE_ID, articleId)), Occur.FILTER)
        .add(IntField.newRangeQuery(Fields.PARAGRAPH, from, to), Occur.FILTER)
        .build();
  }

  private static List<StoredParagraph> range(IndexSearcher s, String articleId, int from, int to)
      throws IOException {
    Query q = rangeQuery(articleId, from, to);
    int n = s.count(q);
    if (n == 0) {
      return List.of();
    }
    StoredFields stored = s.storedFields();
    List<StoredParagraph> out = new ArrayList<>(n);
    for (ScoreDoc sd : s.search(q, n).scoreDocs) {
      out.add(StoredParagraph.of(sd.doc, stored.document(sd.doc)));
    }
    out.sort(Comparator.comparingInt(StoredParagraph::number));
    return out;
  }

  private static boolean isDerived(Document d) {
    return d.getField(Fields.TITLE_DERIVED).numericValue().intValue() == 1;
  }

  /** A paragraph document as stored. */
  private record StoredParagraph(
      int doc, String articleId, int number, String title, boolean titleDerived, String text) {
    static StoredParagraph of(int doc, Document d) {
      return new StoredParagraph(doc, d.get(Fields.ARTICLE_ID),
          d.getField(Fields.PARAGRAPH).numericValue().intValue(), d.get(Fields.DISPLAY_TITLE),
          isDerived(d), d.get(Fields.TEXT));
    }

    Paragraph paragraph() {
      return new Paragraph(number, text);
    }
  }

  private void refreshQuietly() {
    try {
      searchers.maybeRefresh();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot refresh the index in " + path + "; still serving the last good one", e);
    }
    try {
      reloadAliases(false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot reload the aliases; still using the last good ones: " + e.getMessage());
    }
    prepareCompletions();
  }

  /**
   * Builds the suggestion automaton of the served index version here, on the refresh thread, so
   * no user's keystroke waits for it (about 2 s for 40k paragraphs); a no-op when it is current.
   */
  private void prepareCompletions() {
    try {
      unbounded(this::completions);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot prepare suggestions for " + path + ": " + e.getMessage());
    }
  }

  /**
   * Reads the alias file of the corpus the served index was built from when it is new or changed,
   * so an operator's edit applies without a rebuild. With {@code strict}, a bad file throws;
   * otherwise the last good aliases stay in use.
   */
  private void reloadAliases(boolean strict) {
    String corpus = unbounded(s ->
        ((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData().get(IndexBuilder.CORPUS_KEY));
    if (corpus == null) {
      aliases = AliasFile.NONE;
      return;
    }
    Path file = Path.of(corpus).resolve(Aliases.FILE_NAME);
    long modified = 0;
    long size = -1;
    try {
      if (Files.isRegularFile(file)) {
        modified = Files.getLastModifiedTime(file).toMillis();
        size = Files.size(file);
      }
    } catch (IOException e) {
      // unreadable now: Aliases.load reports it below
    }
    AliasFile current = aliases;
    if (file.equals(current.file()) && modified == current.modified() && size == current.size()) {
      return;
    }
    try {
      aliases = new AliasFile(file, modified, size, Aliases.load(Path.of(corpus)));
    } catch (CorpusException e) {
      if (strict) {
        throw e;
      }
      LOG.log(Level.WARNING, e.getMessage() + "; still using the last good aliases");
      aliases = new AliasFile(file, modified, size, current.aliases());
    }
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static void closeQuietly(Directory dir) {
    if (dir != null) {
      try {
        dir.close();
      } catch (IOException ignored) {
        // already failing with the more useful error
      }
    }
  }
}
