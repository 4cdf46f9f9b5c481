package dev.articlesearch.server;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class under a locale that writes 1,5 for 1.5, so output that must not depend on the
 * locale (reports, progress lines, the request log) is shown not to.
 */
final class DecimalCommaLocale implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(DecimalCommaLocale.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("saved", Locale.getDefault());
    Locale.setDefault(Locale.GERMANY);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Locale.setDefault(context.getStore(NS).get("saved", Locale.class));
  }
}
