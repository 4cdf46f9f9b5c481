package dev.articlesearch.core;

/**
 * An open index kept in sync with its corpus folder ({@link ArticleIndex#watch}): a file created,
 * changed, renamed or deleted there is indexed within about a second of settling, and a full
 * rescan every half minute catches what the file system's events miss. Close it to stop watching;
 * the index stays open.
 */
public interface CorpusWatch extends AutoCloseable {
  /**
   * Brings the index in line with the folder now (a full rescan), waiting for it.
   *
   * @throws SearchException if the update fails (another process writing the index, a full disk)
   * @throws CorpusException if the folder is gone
   */
  UpdateReport rescan();

  @Override
  void close();
}
