/**
 * OCI runtime bundles: the unpacked root file system plus the {@code config.json} (OCI runtime spec
 * 1.0.2) that encodes the isolation and the reservation's limits ({@link
 * org.gridledger.capacity.bundle.BundleBuilder}), the default seccomp allow-list, and detection of
 * what the host kernel offers ({@link org.gridledger.capacity.bundle.HostFeatures}).
 */
package org.gridledger.capacity.bundle;
