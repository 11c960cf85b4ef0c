package org.gridledger.explorer.indexer;

import java.sql.Connection;
import java.sql.SQLException;
import org.gridledger.explorer.store.Sql;

/** Grid statistics rows: counts and capacity totals after a block that changed the grid. */
final class Stats {
  private Stats() {}

  static void snapshot(Connection c, long block, long timestamp) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO stats (block_number, timestamp, twins, farms, nodes, countries, total_cru,"
            + " total_mru, total_sru, total_hru, used_cru, used_mru, used_sru, used_hru,"
            + " contracts_created, contracts_grace, contracts_deleted) SELECT ?, ?,"
            + " (SELECT COUNT(*) FROM twins), (SELECT COUNT(*) FROM farms), COUNT(*),"
            + " COUNT(DISTINCT country), COALESCE(SUM(total_cru), 0), COALESCE(SUM(total_mru), 0),"
            + " COALESCE(SUM(total_sru), 0), COALESCE(SUM(total_hru), 0),"
            + " COALESCE(SUM(used_cru), 0), COALESCE(SUM(used_mru), 0),"
            + " COALESCE(SUM(used_sru), 0), COALESCE(SUM(used_hru), 0),"
            + " (SELECT COUNT(*) FROM contracts WHERE state = 1),"
            + " (SELECT COUNT(*) FROM contracts WHERE state = 2),"
            + " (SELECT COUNT(*) FROM contracts WHERE state = 3) FROM nodes",
        block,
        timestamp);
  }
}
