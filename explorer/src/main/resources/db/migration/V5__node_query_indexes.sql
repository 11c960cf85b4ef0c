-- Indexes for /api/nodes filters that match few rows of a large grid (docs/performance.md, "Grid
-- Explorer at 10^5 nodes"): status=up (nodes that reported within the uptime interval) and
-- rentable=true (no rent contract and no active contract). The planner picks them from the
-- statistics that the indexer's ANALYZE keeps; for a filter that matches most nodes it walks the
-- id order instead.
CREATE INDEX nodes_last_uptime_report ON nodes (last_uptime_report);
CREATE INDEX nodes_rentable ON nodes (active_contracts, rent_contract_id);
