package dev.articlesearch.bench;

import java.util.List;

/**
 * What {@code manifest.json} in a corpus folder says: the corpus's size and, per source, the
 * exact package it came from and how much of the corpus it makes up.
 *
 * @param corpus the size label ({@code 10k})
 * @param seed the seed of the poetry order and of the sample
 * @param files article files
 * @param paragraphs paragraphs (lines after each title and {@code ---})
 * @param bytes UTF-8 bytes of the article files
 * @param mb {@code bytes} in MB of 2^20 bytes, as the search server's rebuild report counts
 * @param kinds the mix of Chinese documentation, English documentation and poetry
 * @param sources per source, in reading order
 */
record CorpusManifest(
    String corpus,
    long seed,
    int files,
    long paragraphs,
    long bytes,
    double mb,
    List<Kind> kinds,
    List<Source> sources) {

  /** One kind's share; {@code share} is of the paragraphs, to three decimals. */
  record Kind(String kind, int files, long paragraphs, double share) {}

  /** One source's package and counts. */
  record Source(
      String id,
      String kind,
      String packageName,
      String version,
      String archive,
      String sha256,
      int files,
      long paragraphs,
      long bytes) {}
}
