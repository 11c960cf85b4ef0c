package org.gridledger.sdk;

import org.gridledger.sdk.spec.ByteSize;
import org.gridledger.sdk.spec.DeploymentSpec;

/**
 * Capacity in TFGrid resource units: cores (cru) and bytes of memory (mru), SSD (sru), HDD (hru).
 */
public record Capacity(long cru, long mru, long sru, long hru) {
  public static final Capacity NONE = new Capacity(0, 0, 0, 0);

  public static Capacity of(DeploymentSpec.Resources r) {
    return new Capacity(r.cpu(), r.memoryBytes(), r.diskBytes(), r.hddBytes());
  }

  public Capacity minus(Capacity o) {
    return new Capacity(cru - o.cru, mru - o.mru, sru - o.sru, hru - o.hru);
  }

  /** Whether every unit of {@code need} fits in this. */
  public boolean covers(Capacity need) {
    return cru >= need.cru && mru >= need.mru && sru >= need.sru && hru >= need.hru;
  }

  @Override
  public String toString() {
    return cru
        + " cores, "
        + ByteSize.format(mru)
        + " memory, "
        + ByteSize.format(sru)
        + " SSD, "
        + ByteSize.format(hru)
        + " HDD";
  }
}
