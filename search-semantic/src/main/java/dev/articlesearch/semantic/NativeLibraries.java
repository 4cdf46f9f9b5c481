package dev.articlesearch.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Where the models' native code goes, and that nothing is fetched. ONNX Runtime and DJL's
 * tokenizers each unpack a shared library from their jar on first use: by default ONNX Runtime
 * into a new {@code onnxruntime-java*} temporary folder per run, the tokenizers into {@code
 * ~/.djl.ai} and JNA, which they use, into {@code ~/.cache/JNA}. Here both go into one folder the caller names (beside the index by default), kept
 * between runs so a start unpacks nothing. The settings are system properties, read once when
 * each library first loads: they are set before any model class is touched.
 */
final class NativeLibraries {
  /** The ONNX Runtime inside the models' jars; its libraries are unpacked once per version. */
  static final String ONNXRUNTIME_VERSION = "1.20.0";

  private NativeLibraries() {}

  /** Prepares {@code folder} and points both libraries at it. */
  static void prepare(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the native-library folder " + folder + ": "
          + e.getMessage(), e);
    }
    // DJL: never go online. Without these the tokenizer library asks a cloud metadata address
    // for telemetry, and on a host with CUDA tries to download a GPU build of itself.
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("RUST_FLAVOR", "cpu");
    // JNA (which DJL loads) unpacks its own library into ~/.cache/JNA unless told otherwise.
    setIfAbsent("jna.tmpdir", folder.resolve("jna").toString());
    Path djl = folder.resolve("djl");
    setIfAbsent("DJL_CACHE_DIR", djl.toString());
    setIfAbsent("ENGINE_CACHE_DIR", djl.toString());
    String platform = onnxPlatform();
    if (platform != null && System.getProperty("onnxruntime.native.path") == null) {
      Path ort = folder.resolve("onnxruntime-" + ONNXRUNTIME_VERSION + "-" + platform);
      boolean all = true;
      for (String lib : List.of(System.mapLibraryName("onnxruntime"),
          System.mapLibraryName("onnxruntime4j_jni"))) {
        all &= unpack("/ai/onnxruntime/native/" + platform + "/" + lib, ort.resolve(lib));
      }
      if (all) {
        System.setProperty("onnxruntime.native.path", ort.toString());
      }
    }
    removeEmptyOnnxTempFolders(Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** ONNX Runtime's name for this platform, or null where its jar has no library for it. */
  static String onnxPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx"
        : os.startsWith("windows") ? "win" : null;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
    return o == null || a == null ? null : o + "-" + a;
  }

  /**
   * Copies a library out of the jar unless the same size is already there; through a temporary
   * name and a move, so a process killed meanwhile never leaves half a library to load.
   */
  private static boolean unpack(String resource, Path target) {
    try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      try {
        long size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (Files.isRegularFile(target) && Files.size(target) == size) {
          return true;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack " + resource + " into " + target.getParent()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * ONNX Runtime makes an {@code onnxruntime-java*} temporary folder at every start even when it
   * loads from {@code onnxruntime.native.path}, and leaves it behind empty: those are removed
   * (only empty ones: a running process's folder holds its libraries).
   */
  private static void removeEmptyOnnxTempFolders(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
      for (Path d : dirs) {
        try (DirectoryStream<Path> inside = Files.newDirectoryStream(d)) {
          if (!inside.iterator().hasNext()) {
            Files.deleteIfExists(d);
          }
        } catch (IOException e) {
          // another process's, or gone already
        }
      }
    } catch (IOException e) {
      // no temporary folder to tidy
    }
  }
}
