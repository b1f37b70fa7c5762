package io.msistream.crypto.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The KafkaCrypto specification's section 13 examples. */
class SpecExamplesTest {
  @TestFactory
  Stream<DynamicTest> specification() {
    return SharedSet.cases(new SpecExamples());
  }
}
