package dev.articlesearch.core.internal.search;

import dev.articlesearch.core.Embedder;
import dev.articlesearch.core.internal.corpus.Aliases;

/**
 * What an engine supplies to {@link SearchFlow}: a view of its index for one call, and the alias
 * groups queries expand with. Everything else (checks, planning, paging, grouping, did-you-mean,
 * context, highlights, alias matches, the time budget) is the flow's, the same for every engine.
 */
public interface Engine extends AutoCloseable {
  /**
   * A view for one call: every read in it sees the same index version where the engine can
   * promise that (the embedded index can; a cluster answers each request from its current
   * refresh). Close it when the call ends.
   */
  public Snapshot snapshot();

  /** The alias groups of the corpus being served. */
  public Aliases aliases();

  /** Where the index is, for messages: {@code the index in data/index}. */
  public String where();

  /** The embedder queries are embedded with, or null when this engine cannot search by meaning. */
  public default Embedder embedder() {
    return null;
  }

  /**
   * Why this engine cannot search by meaning, naming what is missing: asked when {@link
   * #embedder()} is null.
   */
  public default String whyNoSemanticSearch() {
    return "this engine has no vector search";
  }

  @Override
  public void close();
}
