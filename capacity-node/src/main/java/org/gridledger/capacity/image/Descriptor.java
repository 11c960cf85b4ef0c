package org.gridledger.capacity.image;

/** An OCI content descriptor: what a blob is, its digest and its exact size in bytes. */
public record Descriptor(String mediaType, Digest digest, long size) {
  public Descriptor {
    if (mediaType == null || digest == null || size < 0) {
      throw new ImageException(
          "descriptor: mediaType, digest and a non-negative size are required");
    }
  }
}
