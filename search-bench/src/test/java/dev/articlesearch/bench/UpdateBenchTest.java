package dev.articlesearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class UpdateBenchTest {
  @Test
  void readsTheTotalOfASearchAnswer() throws IOException {
    assertEquals(3, UpdateBench.total("{\"query\":\"x\",\"total\":3,\"hits\":[]}"));
    assertEquals(0, UpdateBench.total("{\"total\":0}"));
    assertThrows(IOException.class, () -> UpdateBench.total("{\"error\":\"bad_query\"}"));
  }

  @Test
  void aPercentOfTheFilesIsAtLeastOne() {
    assertEquals(1, UpdateBench.percent(50, 1));
    assertEquals(2, UpdateBench.percent(162, 1));
    assertEquals(17, UpdateBench.percent(169, 10));
    assertEquals(167, UpdateBench.percent(1665, 10));
  }
}
