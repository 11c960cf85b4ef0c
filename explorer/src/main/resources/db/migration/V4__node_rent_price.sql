-- The price of renting a node, so that /api/nodes?max_price= is an indexed predicate (docs/explorer.md).
-- (Version 4: versions 2 and 3 are left to migrations written in parallel.)

-- PricingPolicy's policies: from PolicySet events, and on a new database read with eth_call at the
-- block before the first indexed one (the genesis initialised them without events). Prices in wei.
CREATE TABLE pricing_policies (
  id BIGINT PRIMARY KEY,
  name VARCHAR(256) NOT NULL,
  cu_price VARCHAR(80) NOT NULL,
  su_price VARCHAR(80) NOT NULL,
  ipu_price VARCHAR(80) NOT NULL,
  nu_price VARCHAR(80) NOT NULL,
  name_price VARCHAR(80) NOT NULL,
  dedicated_discount_bps INTEGER NOT NULL
);

-- PricingPolicy.quoteRentContract(farm's policy, node's total capacity) in wei per hour: exact as a
-- decimal string, and as a BIGINT capped at 10^18 for the filter (every accepted max_price is below
-- 10^18, so the capped comparison is exact). NULL while the farm's policy is unknown.
ALTER TABLE nodes ADD COLUMN rent_price VARCHAR(80);
ALTER TABLE nodes ADD COLUMN rent_price_capped BIGINT;
CREATE INDEX nodes_rent_price ON nodes (rent_price_capped, id);
