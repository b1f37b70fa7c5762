package io.msistream.stream.chunk;

/** Which DataFileChunk array layout the encoder writes. Decoders accept both. */
public enum ChunkFormat {
  /** 10 fields, the last one the file mtime (OpenMSIStream 1.8.6.1 and later). The default. */
  TEN_FIELDS(10),
  /** 9 fields, no mtime: for consumers running OpenMSIStream 1.8.6 or older. */
  NINE_FIELDS_LEGACY(9);

  private final int fieldCount;

  ChunkFormat(int fieldCount) {
    this.fieldCount = fieldCount;
  }

  /** Number of array items written. */
  public int fieldCount() {
    return fieldCount;
  }
}
