-- /api/nodes?sort=price (docs/explorer.md, "Node price"): the node's price as a key whose text order
-- is the numeric order, so that the database sorts and pages by it exactly at any size (the capped
-- BIGINT of V4 ties every price at or above 10^18): the price in decimal, left-padded with zeros to
-- 79 digits (a price is below 2^256 < 10^78), and 79 nines while the farm's policy is unknown, so
-- unpriced nodes come last in ascending order on both databases (no NULL ordering involved). The
-- key holds digits only, all of one length: every collation orders such strings as bytes.
-- Rows of a database indexed before this migration get their key when the indexer starts.
ALTER TABLE nodes ADD COLUMN rent_price_key VARCHAR(79);
CREATE INDEX nodes_rent_price_key ON nodes (rent_price_key, id);
