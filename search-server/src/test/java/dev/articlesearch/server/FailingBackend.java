package dev.articlesearch.server;

import dev.articlesearch.core.ArticleSearch;
import dev.articlesearch.core.ArticleSearchBackend;
import dev.articlesearch.core.Limits;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * {@code backend=failing}: an engine whose every call but {@code close} throws the {@link Error}
 * (or unchecked exception) named by the {@code failing.error} setting, for what no real engine can
 * be made to do on cue.
 */
public final class FailingBackend implements ArticleSearchBackend {
  @Override
  public String name() {
    return "failing";
  }

  @Override
  public ArticleSearch open(Map<String, String> settings, Limits limits) {
    String error = settings.getOrDefault("failing.error", "java.lang.StackOverflowError");
    return (ArticleSearch) Proxy.newProxyInstance(ArticleSearch.class.getClassLoader(),
        new Class<?>[] {ArticleSearch.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              return null;
            case "toString":
              return "failing engine";
            default:
              throw (Throwable) Class.forName(error).getConstructor(String.class)
                  .newInstance("thrown by the failing engine");
          }
        });
  }
}
