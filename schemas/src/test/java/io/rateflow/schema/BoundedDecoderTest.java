package io.rateflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Skipping, which only schema resolution does (a writer's field the reader no longer has). */
class BoundedDecoderTest {
  @Test
  void skippingAStringOrBytesSkipsItsLengthPrefixToo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
    e.writeString("x".repeat(200)); // a two-byte length prefix
    e.writeBytes(new byte[] {1, 2, 3});
    e.writeLong(42);
    e.flush();
    BoundedDecoder d = new BoundedDecoder().reset(out.toByteArray(), 0);
    d.skipString();
    d.skipBytes();
    assertThat(d.readLong()).isEqualTo(42);
    assertThat(d.isEnd()).isTrue();
  }
}
