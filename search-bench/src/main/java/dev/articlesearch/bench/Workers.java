package dev.articlesearch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The same work on several platform threads at once; the first failure, once all have ended. */
final class Workers {
  /** Work that takes its share from a counter the threads share. */
  interface Work {
    void run() throws IOException;
  }

  private Workers() {}

  static void run(int threads, String what, Work work) throws IOException, InterruptedException {
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          work.run();
        } catch (Throwable e) { // an Error too: a thread that dies quietly would leave work undone
          failures.add(e);
        }
      }));
    }
    for (Thread w : workers) {
      w.join();
    }
    if (!failures.isEmpty()) {
      throw new IOException(what + " failed", failures.get(0));
    }
  }
}
