package dev.articlesearch.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server is a user of the library like any other: it reaches search-core only through its
 * API package, never its internals (checked on the compiled classes, ArchUnit).
 */
class ServerArchitectureTest {
  private static final JavaClasses SERVER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.articlesearch.server");

  @Test
  void theServerUsesOnlyTheLibrarysApiPackage() {
    noClasses().that().resideInAPackage("dev.articlesearch.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.articlesearch.core.internal..")
        .check(SERVER);
  }
}
