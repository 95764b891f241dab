package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The schema contract of the build: every schema in src/main/avro keeps the evolution rules against
 * every released version of itself (a breaking change fails the schemas module's tests, so {@code
 * mvn verify}), and the released versions ship in the jar, complete and readable.
 */
class SchemaCompatibilityTest {
  static final Path MAIN = Path.of("src/main/avro");
  static final Path RELEASED = Path.of("src/main/resources/" + ReleasedSchemas.ROOT);

  static Map<String, Schema> mainSchemas() throws IOException {
    Map<String, String> documents = new TreeMap<>();
    try (Stream<Path> files = Files.list(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
        documents.put(f.toString(), Files.readString(f));
      }
    }
    return ReleasedSchemas.parseAll(documents);
  }

  @Test
  void everySchemaIsCompatibleBothWaysWithEveryReleasedVersionOfItself() throws IOException {
    Map<String, Schema> main = mainSchemas();
    assertThat(main).hasSizeGreaterThanOrEqualTo(19);

    List<String> problems = EvolutionRules.problems(main, ReleasedSchemas.shipped());

    assertThat(problems)
        .as(
            "src/main/avro breaks the schema contract (docs/schemas.md, \"Evolution rules\"): give a new field a"
                + " default, keep removed fields' defaults, never change a type; or make it a new record type")
        .isEmpty();
  }

  @Test
  void theGeneratedClassesAreTheSchemasOfSrcMainAvro() throws Exception {
    for (Schema schema : mainSchemas().values()) {
      Schema generated = (Schema) Class.forName(schema.getFullName()).getField("SCHEMA$").get(null);
      assertThat(SchemaNormalization.parsingFingerprint64(generated))
          .as(schema.getFullName())
          .isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
    }
  }

  @Test
  void theFirstReleaseIsTheSchemasBareAvroProducersWrite() throws IOException {
    // 0.1.0 is the release this issue ships; bare Avro is read as each type's first release
    ReleasedSchemas shipped = ReleasedSchemas.shipped();
    assertThat(shipped.versions()).startsWith("0.1.0");
    assertThat(shipped.version("0.1.0").keySet())
        .containsExactlyInAnyOrderElementsOf(mainSchemas().keySet());
  }

  @Test
  void everyReleasedSchemaCanBeReadBounded() {
    ReleasedSchemas shipped = ReleasedSchemas.shipped();
    for (String version : shipped.versions()) {
      for (Schema schema : shipped.version(version).values()) {
        assertThat(AvroCodec.zeroByteItems(schema, new IdentityHashMap<>()))
            .as(version + " " + schema.getName())
            .isNull();
      }
    }
  }

  @Test
  void theIndexListsEveryReleasedFileAndNothingElse() throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(RELEASED)) {
      all.filter(p -> p.toString().endsWith(".avsc"))
          .forEach(p -> files.add(RELEASED.relativize(p).toString().replace('\\', '/')));
    }
    List<String> index =
        Files.readAllLines(RELEASED.resolve("index.txt")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(index)
        .as("released/index.txt against the released/<version>/*.avsc files")
        .containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void theJarCarriesTheCurrentSchemasBesideTheGeneratedClasses() throws IOException {
    try (Stream<Path> files = Files.list(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
        try (InputStream in =
            getClass()
                .getClassLoader()
                .getResourceAsStream("io/rateflow/schemas/current/" + f.getFileName())) {
          assertThat(in).as("io/rateflow/schemas/current/" + f.getFileName()).isNotNull();
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo(Files.readString(f));
        }
      }
    }
  }
}
