/**
 * OCI images: content-addressed blobs fetched from configured sources and verified by sha256 before
 * use ({@link org.gridledger.capacity.image.BlobStore}), manifests and configs ({@link
 * org.gridledger.capacity.image.ImageStore}), and our own tar(+gzip) layer unpacker with whiteouts
 * and path-escape protection ({@link org.gridledger.capacity.image.LayerUnpacker}). Also the small
 * writer of OCI image layouts the tests and tools use to build images ({@link
 * org.gridledger.capacity.image.OciLayoutWriter}).
 */
package org.gridledger.capacity.image;
