package dev.articlesearch.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Turns a paragraph or a query into a vector, for search by meaning. search-core stores one
 * vector per paragraph in the index ({@link ArticleIndex#rebuild(Path, Path,
 * java.util.function.Consumer, Embedder)}) and ranks by them; the models come from another module
 * (search-semantic), found with {@link #load}, so search-core itself has no model or native code.
 *
 * <p>An embedder may have several vector spaces, one per model: a paragraph has a vector in one
 * or more of them, a query too, and a query is compared with the paragraphs of each space it has
 * a vector in (a paragraph found in several spaces ranks by their fused ranks). So an English
 * paragraph can have a vector in an English model's space and in a Chinese model's, where a
 * Chinese query finds it. Implementations are thread-safe.
 */
public interface Embedder extends AutoCloseable {
  /**
   * What the vectors are made with, stored in the index: an index is searched by meaning only
   * with the embedder of the same id. Change it whenever a model or the way texts are split
   * between spaces changes.
   */
  String id();

  /** The vector spaces, each with its fixed number of dimensions. */
  List<Space> spaces();

  /** A paragraph's vectors, unit length, at most one per space and at least one. */
  List<Vector> embedParagraph(String text);

  /** Each paragraph's vectors, in order; an implementation may run them in parallel. */
  default List<List<Vector>> embedParagraphs(List<String> texts) {
    List<List<Vector>> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embedParagraph(t));
    }
    return out;
  }

  /**
   * A query's vectors, unit length, at most one per space and at least one: the spaces to look
   * for its paragraphs in (a model may embed queries differently from paragraphs).
   */
  List<Vector> embedQuery(String text);

  /** Frees the models. */
  @Override
  void close();

  /**
   * A vector space.
   *
   * @param name short, lower-case letters and digits ({@code zh}, {@code en}): the index field is
   *     named after it
   * @param dimensions the length of each vector
   */
  record Space(String name, int dimensions) {
    public Space {
      if (name == null || !name.matches("[a-z0-9]{1,16}")) {
        throw new IllegalArgumentException("A space name is 1 to 16 lower-case letters or digits,"
            + " was '" + name + "'");
      }
      if (dimensions < 1 || dimensions > 4096) {
        throw new IllegalArgumentException("dimensions must be from 1 to 4096, was " + dimensions);
      }
    }
  }

  /**
   * A text's vector.
   *
   * @param space the name of its {@link Space}
   * @param values unit length; not copied, so do not change it
   */
  record Vector(String space, float[] values) {}

  /** Makes an embedder; listed in {@code META-INF/services/dev.articlesearch.core.Embedder$Provider}. */
  interface Provider {
    /**
     * Loads the models.
     *
     * @param nativeFolder where native libraries may be unpacked (and kept between runs)
     */
    Embedder open(Path nativeFolder);
  }

  /**
   * The embedder on the class path (the search-semantic module), its models loaded.
   *
   * @param nativeFolder where it may unpack native libraries: a folder the user can see, such as
   *     one beside the index, never the home folder
   * @throws ModeUnavailableException if no embedder is on the class path
   */
  static Embedder load(Path nativeFolder) {
    for (Provider p : ServiceLoader.load(Provider.class, Embedder.class.getClassLoader())) {
      return p.open(nativeFolder);
    }
    throw new ModeUnavailableException("Search by meaning needs the search-semantic module on the"
        + " class path (bin/search-server --semantic adds it)");
  }
}
