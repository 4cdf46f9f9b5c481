package dev.articlesearch.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of search-core, checked on the compiled classes (ArchUnit): each rule fails on the
 * first import that breaks it, naming the two classes. From the bottom: {@code util} and {@code
 * analysis}; the {@code schema}; {@code corpus}; {@code query} and {@code index}; the features
 * ({@code highlight}, {@code suggest}, {@code related}); the one {@code search} flow; the {@code
 * embedded} engine; the facade. The API's value types (requests, results, exceptions) sit beside
 * the facade and may be used by every layer; they use nothing but {@code util}.
 */
class ArchitectureTest {
  private static final String INTERNAL = "dev.articlesearch.core.internal.";

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.articlesearch.core");

  /** The entry points: what the internals must never call back into. */
  private static final DescribedPredicate<JavaClass> FACADE =
      belongToAnyOf(ArticleIndex.class, ArticleSearch.class, ArticleSearchBackend.class);

  private static final DescribedPredicate<JavaClass> VALUES =
      resideInAPackage("dev.articlesearch.core").and(not(FACADE)).as("the API's value types");

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Facade").definedBy(FACADE)
        .layer("Values").definedBy(VALUES)
        .layer("Embedded").definedBy(INTERNAL + "embedded..")
        .layer("Search").definedBy(INTERNAL + "search..")
        .layer("Highlight").definedBy(INTERNAL + "highlight..")
        .layer("Suggest").definedBy(INTERNAL + "suggest..")
        .layer("Related").definedBy(INTERNAL + "related..")
        .layer("Query").definedBy(INTERNAL + "query..")
        .layer("Index").definedBy(INTERNAL + "index..")
        .layer("Corpus").definedBy(INTERNAL + "corpus..")
        .layer("Schema").definedBy(INTERNAL + "schema..")
        .layer("Analysis").definedBy(INTERNAL + "analysis..")
        .layer("Util").definedBy(INTERNAL + "util..")
        .whereLayer("Util").mayNotAccessAnyLayer()
        .whereLayer("Values").mayOnlyAccessLayers("Util")
        .whereLayer("Analysis").mayOnlyAccessLayers("Values", "Util")
        .whereLayer("Schema").mayOnlyAccessLayers("Analysis", "Values", "Util")
        .whereLayer("Corpus").mayOnlyAccessLayers("Schema", "Analysis", "Values", "Util")
        .whereLayer("Index").mayOnlyAccessLayers("Corpus", "Schema", "Analysis", "Values", "Util")
        .whereLayer("Query").mayOnlyAccessLayers("Corpus", "Schema", "Analysis", "Values", "Util")
        .whereLayer("Highlight").mayOnlyAccessLayers("Schema", "Analysis", "Values", "Util")
        .whereLayer("Related").mayOnlyAccessLayers("Schema", "Analysis", "Values", "Util")
        .whereLayer("Suggest")
        .mayOnlyAccessLayers("Query", "Schema", "Analysis", "Values", "Util")
        .whereLayer("Search").mayOnlyAccessLayers("Highlight", "Suggest", "Related", "Query",
            "Corpus", "Schema", "Analysis", "Values", "Util")
        .whereLayer("Embedded").mayOnlyAccessLayers("Search", "Highlight", "Suggest", "Related",
            "Query", "Index", "Corpus", "Schema", "Analysis", "Values", "Util")
        .check(CORE);
  }

  @Test
  void internalPackagesNeverCallTheFacade() {
    noClasses().that().resideInAPackage("dev.articlesearch.core.internal..")
        .should().dependOnClassesThat(FACADE)
        .check(CORE);
  }

  @Test
  void internalPackagesHaveNoCycles() {
    slices().matching("dev.articlesearch.core.internal.(*)..").should().beFreeOfCycles()
        .check(CORE);
  }

  @Test
  void theSearchFlowKnowsNothingOfIndexFoldersOrClusters() {
    noClasses().that().resideInAPackage(INTERNAL + "search..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.lucene.store..",
            "dev.articlesearch.cluster..", "com.fasterxml..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(
            "org.apache.lucene.index.DirectoryReader")
        .orShould().dependOnClassesThat().haveFullyQualifiedName(
            "org.apache.lucene.search.SearcherManager")
        .check(CORE);
  }
}
