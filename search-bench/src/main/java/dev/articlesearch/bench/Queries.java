package dev.articlesearch.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How a query string goes into a URL. */
final class Queries {
  static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Queries() {}
}
